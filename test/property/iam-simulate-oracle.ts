/**
 * The independent engine for the differential test: @cloud-copilot/iam-simulate (AGPL-3.0). It is a dev
 * dependency used only by tests and must never be imported from src/.
 *
 * `runUnsafeSimulation` is used because it is synchronous and takes the request context as given: the
 * validating `runSimulation` drops context keys it does not associate with the action and rewrites values by
 * key type, which would make the two engines see different requests.
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { DecisionKind } from '../../src/policy/index.js';
import type { Scenario } from './differential-scenarios.js';

export function oracleDecide(s: Scenario): DecisionKind {
  return runUnsafeSimulation(
    {
      request: {
        principal: s.request.principal,
        action: s.request.action,
        resource: { resource: s.request.resource, accountId: s.request.resourceAccount },
        contextVariables: s.request.context,
      },
      identityPolicies: s.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      ...(s.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: s.boundary }] } : {}),
      // runUnsafeSimulation loads the resource policy without a name and then reads the name; a validated-policy
      // envelope (the shape @cloud-copilot/iam-policy's createValidatedPolicy returns) carries one.
      ...(s.resource ? { resourcePolicy: { __validated: true, policyDocument: s.resource, metadata: { name: 'resource' }, errors: [] } } : {}),
      serviceControlPolicies: (s.scp ?? []).map((level, l) => ({ orgIdentifier: `level-${l}`, policies: level.map((policy, i) => ({ name: `scp-${l}-${i}`, policy })) })),
      resourceControlPolicies: [],
    },
    {},
  );
}
