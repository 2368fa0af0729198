/**
 * The compact service model written by scripts/build-models.mjs (generated/models/<service>.json).
 * Shapes reference each other by name; structure member order is the order AWS declares (and serializes).
 */

export type ServiceId = 'iam' | 'sts';

export interface ServiceModel {
  readonly formatVersion: 1;
  readonly service: ServiceId;
  /** The `Version` parameter every request must carry, e.g. `2010-05-08`. */
  readonly apiVersion: string;
  /** The `xmlns` of every response and error body. */
  readonly xmlNamespace: string;
  /** Package versions the model was derived from. */
  readonly sources: Readonly<Record<string, string>>;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
  /** Modeled errors by wire code (`NoSuchEntity`, not `NoSuchEntityException`). */
  readonly errors: Readonly<Record<string, ModeledError>>;
}

export interface Operation {
  readonly name: string;
  /** Absent when the operation takes no input. */
  readonly input?: string;
  /** Absent when the response carries only `ResponseMetadata`. */
  readonly output?: string;
  /** Element wrapping the output members, e.g. `CreateUserResult`. */
  readonly resultWrapper?: string;
  /** Codes of the errors the operation declares (empty where the models do not say). */
  readonly errors: readonly string[];
}

export interface ModeledError {
  readonly code: string;
  /** The SDK's exception name, e.g. `NoSuchEntityException`. */
  readonly shape: string;
  readonly httpStatus: number;
  /** `Sender` (client fault) or `Receiver` in the error body's `<Type>`. */
  readonly senderFault: boolean;
}

export interface MemberRef {
  readonly shape: string;
  /** Wire name when it differs from the member name. */
  readonly xmlName?: string;
}

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required: readonly string[];
  readonly union?: true;
  readonly sensitive?: true;
}

export interface ListShape {
  readonly type: 'list';
  readonly member: string;
  /** Element name when not `member`. */
  readonly memberName?: string;
  readonly flattened?: true;
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: true;
}

export interface MapShape {
  readonly type: 'map';
  readonly key: string;
  readonly value: string;
  readonly keyName?: string;
  readonly valueName?: string;
  readonly flattened?: true;
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: true;
}

export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** A Java regular expression the whole value must match. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: true;
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: true;
}

export interface BooleanShape {
  readonly type: 'boolean';
  readonly sensitive?: true;
}

export interface TimestampShape {
  readonly type: 'timestamp';
  readonly sensitive?: true;
}

export interface BlobShape {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: true;
}

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape;

/** A value of any shape, as the parser produces it and the serializer takes it. */
export type ShapeValue = string | number | boolean | Date | Uint8Array | ShapeValue[] | StructureValue;

/** A structure (or map) value: member name to value; absent members are missing or `undefined`. */
export interface StructureValue {
  [member: string]: ShapeValue | undefined;
}

/**
 * An error as it goes on the wire: `<Error><Type/><Code/><Message/></Error>` with its HTTP status.
 * Produced by the query parser (ValidationError, InvalidAction, …) and by the service layer.
 */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  /** `true` renders `<Type>Sender</Type>`, `false` `<Type>Receiver</Type>`. */
  readonly senderFault: boolean;
}
