/**
 * Access Advisor (service last accessed data): GenerateServiceLastAccessedDetails,
 * GetServiceLastAccessedDetails, GetServiceLastAccessedDetailsWithEntities.
 *
 * A job is computed at once from the policies and the audit trail (access-advisor-report.ts), so it is
 * COMPLETED as soon as GenerateServiceLastAccessedDetails returns; the stored job is a snapshot, as AWS's is.
 * AWS lets only the caller that generated a job read it ("the same user, or the same role within a
 * session"), so another caller is told the job doesn't exist.
 *
 * Record: kind `service-last-accessed`, parent '', key the JobId, data JobData.
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject, RecordReader } from '../../../store/contract.js';
import { principalPolicyTexts } from '../../authz/authorizer.js';
import { invalidInput, noSuchEntity } from '../../errors.js';
import { resolvePolicy } from '../common.js';
import { dataOf, getData, key, principalParent, type GroupData, type RoleData, type UserData } from '../entities.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';
import { computeReport, type EntityAccess, type ReportEntity, type ServiceRow } from './access-advisor-report.js';

const ALL = 1_000_000;
/**
 * Jobs older than this are removed when a new one is generated.
 * Unconfirmed: AWS doesn't document how long a job stays readable; Gatehouse keeps it 30 days.
 */
const JOB_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

interface JobData extends JsonObject {
  JobId: string;
  JobType: Granularity;
  /** The ARN the report is about. */
  Arn: string;
  /** Who generated the job: only they may read it. */
  CreatorArn: string;
  JobCreationDate: string;
  JobCompletionDate: string;
  /** Sorted by namespace, as AWS lists them. */
  Services: ServiceRow[];
  /** The users and roles whose attempts the report counts. */
  Entities: ReportEntity[];
  Access: EntityAccess;
}

const userEntity = (u: UserData): ReportEntity => ({ Arn: u.Arn, Name: u.UserName, Type: 'USER', Id: u.UserId, Path: u.Path });
const roleEntity = (r: RoleData): ReportEntity => ({ Arn: r.Arn, Name: r.RoleName, Type: 'ROLE', Id: r.RoleId, Path: r.Path });

async function groupMembers(r: RecordReader, accountId: string, groupKey: string): Promise<ReportEntity[]> {
  const out: ReportEntity[] = [];
  for (const m of await r.list({ accountId, kind: 'group-member', parent: groupKey, limit: ALL })) {
    const u = await getData<UserData>(r, accountId, 'user', '', m.key);
    if (u) out.push(userEntity(u));
  }
  return out;
}

const texts = async (deps: IamDeps, accountId: string, parent: string): Promise<string[]> => (await principalPolicyTexts(deps, accountId, parent)).map((p) => p.document);

/** The documents a report weighs and the entities whose activity it counts, for the ARN it is about. */
async function subjectOf(deps: IamDeps, accountId: string, arn: string): Promise<{ documents: string[]; entities: ReportEntity[] }> {
  const m = /^arn:aws:iam::(\d{12}|aws):(user|group|role|policy)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  // Unconfirmed wording: the message IAM uses for malformed ARNs elsewhere (ListPoliciesGrantingServiceAccess).
  if (!m) throw invalidInput(`ARN ${arn} is not valid.`);
  const type = m[2] ?? '';
  const name = m[4] ?? '';
  const { store } = deps;
  if (type === 'policy') {
    const policy = await resolvePolicy(store, deps, accountId, arn);
    const entities = new Map<string, ReportEntity>();
    for (const a of await store.listByKey(accountId, 'attached-policy', arn)) {
      const [kind, k] = [a.parent.slice(0, a.parent.indexOf(':')), a.parent.slice(a.parent.indexOf(':') + 1)];
      if (kind === 'user') {
        const u = await getData<UserData>(store, accountId, 'user', '', k);
        if (u) entities.set(u.UserId, userEntity(u));
      } else if (kind === 'role') {
        const r = await getData<RoleData>(store, accountId, 'role', '', k);
        if (r) entities.set(r.RoleId, roleEntity(r));
      } else if (kind === 'group') {
        // A policy attached to a group reaches its members: they are the users who could have used it.
        for (const u of await groupMembers(store, accountId, k)) entities.set(u.Id, u);
      }
    }
    return { documents: [policy.document], entities: [...entities.values()] };
  }
  const notFound = noSuchEntity(`The ${type} with name ${name} cannot be found.`);
  if (m[1] !== accountId) throw notFound;
  if (type === 'user') {
    const u = await getData<UserData>(store, accountId, 'user', '', key(name));
    if (!u || u.Arn !== arn) throw notFound;
    const documents = await texts(deps, accountId, principalParent('user', name));
    for (const g of await store.listByKey(accountId, 'group-member', key(name))) documents.push(...(await texts(deps, accountId, `group:${g.parent}`)));
    return { documents, entities: [userEntity(u)] };
  }
  if (type === 'group') {
    const g = await getData<GroupData>(store, accountId, 'group', '', key(name));
    if (!g || g.Arn !== arn) throw notFound;
    return { documents: await texts(deps, accountId, principalParent('group', name)), entities: await groupMembers(store, accountId, key(name)) };
  }
  const r = await getData<RoleData>(store, accountId, 'role', '', key(name));
  if (!r || r.Arn !== arn) throw notFound;
  return { documents: await texts(deps, accountId, principalParent('role', name)), entities: [roleEntity(r)] };
}

function serviceOut(s: ServiceRow): StructureValue {
  const out: StructureValue = { ServiceName: s.ServiceName, ServiceNamespace: s.ServiceNamespace, TotalAuthenticatedEntities: s.TotalAuthenticatedEntities };
  if (s.LastAuthenticated !== null) out.LastAuthenticated = new Date(s.LastAuthenticated);
  if (s.LastAuthenticatedEntity !== null) out.LastAuthenticatedEntity = s.LastAuthenticatedEntity;
  if (s.LastAuthenticatedRegion !== null) out.LastAuthenticatedRegion = s.LastAuthenticatedRegion;
  if (s.TrackedActions !== null) {
    out.TrackedActionsLastAccessed = s.TrackedActions.map((a) => ({
      ActionName: a.ActionName,
      ...(a.LastAccessedEntity !== null ? { LastAccessedEntity: a.LastAccessedEntity } : {}),
      ...(a.LastAccessedTime !== null ? { LastAccessedTime: new Date(a.LastAccessedTime) } : {}),
      ...(a.LastAccessedRegion !== null ? { LastAccessedRegion: a.LastAccessedRegion } : {}),
    }));
  }
  return out;
}

async function readJob(deps: IamDeps, accountId: string, callerArn: string, jobId: string): Promise<JobData> {
  const rec = await deps.store.get(accountId, 'service-last-accessed', '', jobId);
  const job = rec ? dataOf<JobData>(rec) : undefined;
  // Unconfirmed wording: AWS's message for a JobId it doesn't know.
  if (!job || job.CreatorArn !== callerArn) throw noSuchEntity(`The job with ID ${jobId} cannot be found.`);
  return job;
}

const jobDates = (j: JobData): StructureValue => ({ JobCreationDate: new Date(j.JobCreationDate), JobCompletionDate: new Date(j.JobCompletionDate) });

export const accessAdvisorOperations: OperationTable = {
  GenerateServiceLastAccessedDetails: {
    // IAM authorizes the call against the user, group, role or policy the report is about.
    authorize: (input) => ({ resource: input.str('Arn') }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('Arn');
      const granularity = (input.optStr('Granularity') ?? 'SERVICE_LEVEL') as Granularity;
      const subject = await subjectOf(deps, accountId, arn);
      const report = await computeReport({ log: deps.store, accountId, now: ctx.now, documents: subject.documents, entities: subject.entities, actionLevel: granularity === 'ACTION_LEVEL' });
      const jobId = deps.ids.requestId();
      const job: JobData = {
        JobId: jobId,
        JobType: granularity,
        Arn: arn,
        CreatorArn: ctx.caller.arn,
        JobCreationDate: ctx.now.toISOString(),
        JobCompletionDate: deps.clock.now().toISOString(),
        Services: report.services,
        Entities: subject.entities,
        Access: report.access,
      };
      await deps.store.transaction(async (tx) => {
        const expired = ctx.now.getTime() - JOB_RETENTION_MS;
        for (const old of await tx.list({ accountId, kind: 'service-last-accessed', parent: '', limit: ALL })) {
          if (old.createdAt < expired) await tx.delete(accountId, 'service-last-accessed', '', old.key);
        }
        await tx.insert({ accountId, kind: 'service-last-accessed', parent: '', key: jobId, createdAt: ctx.now.getTime(), data: job });
      });
      return { JobId: jobId };
    },
  },

  GetServiceLastAccessedDetails: {
    authorize: () => ({ resource: '*' }),
    async handle(input, { ctx, deps }) {
      const job = await readJob(deps, ctx.caller.accountId, ctx.caller.arn, input.str('JobId'));
      const page = pageArray(job.Services, (s) => s.ServiceNamespace, input.page());
      return { JobStatus: 'COMPLETED', JobType: job.JobType, ...jobDates(job), ServicesLastAccessed: page.items.map(serviceOut), ...pageMembers(page) };
    },
  },

  GetServiceLastAccessedDetailsWithEntities: {
    authorize: () => ({ resource: '*' }),
    async handle(input, { ctx, deps }) {
      const job = await readJob(deps, ctx.caller.accountId, ctx.caller.arn, input.str('JobId'));
      const namespace = input.str('ServiceNamespace').toLowerCase();
      // Only a service the report's policies allow could have been reached through them.
      const listed = job.Services.some((s) => s.ServiceNamespace === namespace);
      const access = job.Access[namespace] ?? {};
      const rows = (listed ? job.Entities : []).map((e) => ({ e, last: access[e.Id] }));
      // Most recent access first, as AWS sorts them; entities that never tried it last, by name.
      rows.sort((a, b) => (b.last ?? '').localeCompare(a.last ?? '') || a.e.Name.localeCompare(b.e.Name));
      const numbered = rows.map((r, i) => ({ ...r, at: String(i).padStart(8, '0') }));
      const page = pageArray(numbered, (r) => r.at, input.page());
      return {
        JobStatus: 'COMPLETED',
        ...jobDates(job),
        EntityDetailsList: page.items.map((r) => ({
          EntityInfo: { Arn: r.e.Arn, Name: r.e.Name, Type: r.e.Type, Id: r.e.Id, Path: r.e.Path },
          ...(r.last !== undefined ? { LastAuthenticated: new Date(r.last) } : {}),
        })),
        ...pageMembers(page),
      };
    },
  },
};
