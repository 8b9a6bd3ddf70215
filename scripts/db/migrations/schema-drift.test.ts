/**
 * Proves that applying prisma/migrations yields exactly the database prisma/schema.prisma
 * describes, and that the generated client agrees with both. Editing the schema without writing
 * a migration (or the reverse) makes this test fail with a list of every difference.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import type { RuntimeDataModel } from '@prisma/client/runtime/client';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type pg from 'pg';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PrismaClient } from '../../../lib/generated/prisma/client';
import { applyMigrations } from './apply';
import { testAdminUrl } from '../../../testing/own-database';
import { withClient } from '../../lib/database-server';

// ---------------------------------------------------------------------------------------------
// The parts of Prisma's DMMF (get_dmmf(...).datamodel) this test reads.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}

interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}

interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

function loadDatamodel(prismaSchema: string): Datamodel {
  return (JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as { datamodel: Datamodel }).datamodel;
}

const tableOf = (model: DmmfModel): string => model.dbName ?? model.name;
const columnOf = (field: DmmfField): string => field.dbName ?? field.name;
const isColumn = (field: DmmfField): boolean => field.kind === 'scalar' || field.kind === 'enum';

function columnsOf(model: DmmfModel, fieldNames: string[]): string[] {
  return fieldNames.map((name) => {
    const field = model.fields.find((f) => f.name === name);
    return field ? columnOf(field) : `<unknown field ${name}>`;
  });
}

// ---------------------------------------------------------------------------------------------
// What the database actually contains (schema "public").

interface DbColumn {
  table: string;
  name: string;
  dataType: string;
  udt: string;
  formattedType: string;
  nullable: boolean;
  default: string | null;
}

interface DbIndex {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  columns: (string | null)[];
}

interface DbForeignKey {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

interface DbSnapshot {
  tables: string[];
  columns: DbColumn[];
  enums: Map<string, string[]>;
  indexes: DbIndex[];
  foreignKeys: DbForeignKey[];
}

const COLUMNS_SQL = `
SELECT c.table_name AS "table", c.column_name AS name, c.data_type AS "dataType", c.udt_name AS udt,
       format_type(a.atttypid, a.atttypmod) AS "formattedType", c.is_nullable = 'YES' AS nullable,
       c.column_default AS "default"
  FROM information_schema.columns c
  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
  JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                     AND a.attname = c.column_name
 WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`;

const ENUMS_SQL = `
SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS "values"
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = 'public' GROUP BY t.typname`;

const INDEXES_SQL = `
SELECT tbl.relname AS "table", idx.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
       ix.indpred IS NOT NULL AS partial,
       array(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
              WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS columns
  FROM pg_index ix
  JOIN pg_class tbl ON tbl.oid = ix.indrelid
  JOIN pg_class idx ON idx.oid = ix.indexrelid
  JOIN pg_namespace n ON n.oid = tbl.relnamespace
 WHERE n.nspname = 'public'`;

const FOREIGN_KEYS_SQL = `
SELECT tbl.relname AS "table", con.conname AS name, ref.relname AS "refTable",
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "refColumns",
       con.confdeltype::text AS "onDelete", con.confupdtype::text AS "onUpdate"
  FROM pg_constraint con
  JOIN pg_class tbl ON tbl.oid = con.conrelid
  JOIN pg_class ref ON ref.oid = con.confrelid
  JOIN pg_namespace n ON n.oid = tbl.relnamespace
 WHERE con.contype = 'f' AND n.nspname = 'public'`;

async function introspect(client: pg.Client): Promise<DbSnapshot> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const enums = await client.query<{ name: string; values: string[] }>(ENUMS_SQL);
  return {
    tables: tables.rows.map((r) => r.name),
    columns: (await client.query<DbColumn>(COLUMNS_SQL)).rows,
    enums: new Map(enums.rows.map((r) => [r.name, r.values])),
    indexes: (await client.query<DbIndex>(INDEXES_SQL)).rows,
    foreignKeys: (await client.query<DbForeignKey>(FOREIGN_KEYS_SQL)).rows,
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison. Every function returns readable problems instead of throwing at the first one.

const MIGRATIONS_TABLE = '_prisma_migrations';

/** Every difference between the database in `db` and the Prisma schema text `prismaSchema`. */
function findDrift(prismaSchema: string, db: DbSnapshot): string[] {
  const datamodel = loadDatamodel(prismaSchema);
  return [
    ...findTableProblems(datamodel, db),
    ...findEnumProblems(datamodel, db),
    ...datamodel.models.flatMap((model) => findColumnProblems(model, datamodel, db)),
    ...findIndexProblems(datamodel, db),
    ...findForeignKeyProblems(datamodel, db),
  ];
}

function findTableProblems(datamodel: Datamodel, db: DbSnapshot): string[] {
  const expected = new Set(datamodel.models.map(tableOf));
  const missing = [...expected].filter((t) => !db.tables.includes(t)).map((t) => `${t}: table "${t}" is missing`);
  const extra = db.tables
    .filter((t) => !expected.has(t) && t !== MIGRATIONS_TABLE)
    .map((t) => `database: table "${t}" is not a model in schema.prisma`);
  return [...missing, ...extra];
}

function findEnumProblems(datamodel: Datamodel, db: DbSnapshot): string[] {
  const problems: string[] = [];
  for (const dmmfEnum of datamodel.enums) {
    const name = dmmfEnum.dbName ?? dmmfEnum.name;
    const expected = dmmfEnum.values.map((v) => v.dbName ?? v.name);
    const actual = db.enums.get(name);
    if (!actual) problems.push(`enum ${dmmfEnum.name}: type "${name}" is missing`);
    else if (actual.join() !== expected.join()) {
      problems.push(`enum ${dmmfEnum.name}: values are [${actual.join(', ')}], schema says [${expected.join(', ')}]`);
    }
  }
  const known = new Set(datamodel.enums.map((e) => e.dbName ?? e.name));
  for (const name of db.enums.keys()) {
    if (!known.has(name)) problems.push(`database: enum type "${name}" is not in schema.prisma`);
  }
  return problems;
}

function findColumnProblems(model: DmmfModel, datamodel: Datamodel, db: DbSnapshot): string[] {
  const table = tableOf(model);
  if (!db.tables.includes(table)) return [];
  const actual = db.columns.filter((c) => c.table === table);
  const fields = model.fields.filter(isColumn);
  const problems = fields.flatMap((field) => {
    const column = actual.find((c) => c.name === columnOf(field));
    if (!column) return [`${model.name}.${field.name}: column "${table}"."${columnOf(field)}" is missing`];
    return compareColumn(`${model.name}.${field.name}`, field, column, datamodel);
  });
  const expectedNames = new Set(fields.map(columnOf));
  for (const column of actual) {
    if (!expectedNames.has(column.name)) {
      problems.push(`${model.name}: column "${table}"."${column.name}" is not a field in schema.prisma`);
    }
  }
  return problems;
}

function compareColumn(label: string, field: DmmfField, column: DbColumn, datamodel: Datamodel): string[] {
  const problems: string[] = [];
  const typeProblem =
    field.kind === 'enum' ? compareEnumType(field, column, datamodel) : compareScalarType(field, column);
  if (typeProblem) problems.push(`${label}: ${typeProblem}`);
  // Prisma creates scalar-list columns without NOT NULL even though the field is "required".
  const expectNullable = field.isList || !field.isRequired;
  if (column.nullable !== expectNullable) {
    problems.push(
      `${label}: column is ${column.nullable ? 'NULL' : 'NOT NULL'}, schema says ${expectNullable ? 'optional' : 'required'}`,
    );
  }
  const defaultProblem = compareDefault(field, column);
  if (defaultProblem) problems.push(`${label}: ${defaultProblem}`);
  return problems;
}

function compareEnumType(field: DmmfField, column: DbColumn, datamodel: Datamodel): string | undefined {
  const dmmfEnum = datamodel.enums.find((e) => e.name === field.type);
  const enumName = dmmfEnum?.dbName ?? field.type;
  const expected = field.isList
    ? { dataType: 'ARRAY', udt: `_${enumName}` }
    : { dataType: 'USER-DEFINED', udt: enumName };
  if (column.dataType === expected.dataType && column.udt === expected.udt) return undefined;
  return `type is ${column.dataType} ${column.udt}, schema says ${expected.dataType} ${expected.udt} (enum ${field.type})`;
}

function compareScalarType(field: DmmfField, column: DbColumn): string | undefined {
  const [nativeName, args] = field.nativeType ?? PRISMA_DEFAULT_NATIVE_TYPE[field.type] ?? [field.type, []];
  const format = PG_TYPE_FORMAT[nativeName];
  if (!format) return `no drift rule for ${field.type} @db.${nativeName}; extend PG_TYPE_FORMAT in this test`;
  const expected = format(args) + (field.isList ? '[]' : '');
  return column.formattedType === expected ? undefined : `type is ${column.formattedType}, schema says ${expected}`;
}

/** The native type Prisma's PostgreSQL connector uses when a field has no @db attribute. */
const PRISMA_DEFAULT_NATIVE_TYPE: Record<string, [string, string[]]> = {
  String: ['Text', []],
  Int: ['Integer', []],
  BigInt: ['BigInt', []],
  Float: ['DoublePrecision', []],
  Decimal: ['Decimal', ['65', '30']],
  Boolean: ['Boolean', []],
  DateTime: ['Timestamp', ['3']],
  Json: ['JsonB', []],
  Bytes: ['ByteA', []],
};

const withArgs =
  (base: string, suffix = '') =>
  (args: string[]): string =>
    args.length > 0 ? `${base}(${args.join(',')})${suffix}` : `${base}${suffix}`;

/** Prisma native type -> what PostgreSQL's format_type() prints for the column. */
const PG_TYPE_FORMAT: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  VarChar: withArgs('character varying'),
  Char: withArgs('character'),
  Uuid: () => 'uuid',
  Citext: () => 'citext',
  Inet: () => 'inet',
  Xml: () => 'xml',
  SmallInt: () => 'smallint',
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  Oid: () => 'oid',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: withArgs('numeric'),
  Money: () => 'money',
  Boolean: () => 'boolean',
  Timestamp: withArgs('timestamp', ' without time zone'),
  Timestamptz: withArgs('timestamp', ' with time zone'),
  Date: () => 'date',
  Time: withArgs('time', ' without time zone'),
  Timetz: withArgs('time', ' with time zone'),
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
  Bit: withArgs('bit'),
  VarBit: withArgs('bit varying'),
};

/** Defaults Prisma Client computes itself; they have no column default. */
const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

function compareDefault(field: DmmfField, column: DbColumn): string | undefined {
  const actual = column.default === null ? null : normalizeDbDefault(column.default);
  const expected = expectedDefault(field.default);
  if (expected === undefined || actual === expected) return undefined;
  return `default is ${column.default ?? 'none'}, schema says ${expected ?? 'none'}`;
}

/** The normalized column default the schema implies; undefined when any is fine (dbgenerated, lists). */
function expectedDefault(dmmfDefault: unknown): string | null | undefined {
  if (dmmfDefault === undefined) return null;
  if (typeof dmmfDefault === 'string' || typeof dmmfDefault === 'number' || typeof dmmfDefault === 'boolean') {
    return String(dmmfDefault);
  }
  const name =
    typeof dmmfDefault === 'object' && dmmfDefault !== null && 'name' in dmmfDefault ? dmmfDefault.name : null;
  if (name === 'autoincrement') return 'autoincrement()';
  if (name === 'now') return 'now()';
  return typeof name === 'string' && CLIENT_SIDE_DEFAULTS.has(name) ? null : undefined;
}

/** `nextval(...)` -> autoincrement(); `'x'::text` -> x; `(-1)` -> -1; CURRENT_TIMESTAMP -> now(). */
function normalizeDbDefault(text: string): string {
  if (text.startsWith('nextval(')) return 'autoincrement()';
  if (text === 'CURRENT_TIMESTAMP' || text === 'now()') return 'now()';
  let value = text;
  for (let previous = ''; previous !== value;) {
    previous = value;
    value = value.replace(/::[\w" ]+(\(\d+(,\d+)?\))?(\[\])?$/, '').replace(/^\((.*)\)$/s, '$1');
  }
  const quoted = /^'(.*)'$/s.exec(value);
  return quoted ? (quoted[1] ?? '').replaceAll("''", "'") : value;
}

function findIndexProblems(datamodel: Datamodel, db: DbSnapshot): string[] {
  const matched = new Set<DbIndex>();
  const problems: string[] = [];
  for (const index of datamodel.indexes) {
    const model = datamodel.models.find((m) => m.name === index.model);
    if (!model || !db.tables.includes(tableOf(model))) continue;
    const columns = columnsOf(
      model,
      index.fields.map((f) => f.name),
    );
    const found = db.indexes.find((candidate) => indexMatches(candidate, tableOf(model), columns, index));
    if (found) matched.add(found);
    else problems.push(`${model.name}: ${describeIndex(index.type, columns, index.dbName)} is missing`);
  }
  for (const index of db.indexes) {
    if (matched.has(index) || index.table === MIGRATIONS_TABLE) continue;
    const kind = index.primary ? 'primary key' : index.unique ? 'unique index' : 'index';
    problems.push(
      `database: ${kind} "${index.name}" on "${index.table}"(${index.columns.join(', ')}) is not in schema.prisma`,
    );
  }
  return problems;
}

function indexMatches(candidate: DbIndex, table: string, columns: string[], index: DmmfIndex): boolean {
  if (candidate.table !== table || candidate.partial) return false;
  if (candidate.columns.join('\u0000') !== columns.join('\u0000')) return false;
  if (index.dbName && candidate.name !== index.dbName) return false;
  if (index.type === 'id') return candidate.primary;
  if (index.type === 'unique') return candidate.unique && !candidate.primary;
  return !candidate.unique && !candidate.primary;
}

function describeIndex(type: DmmfIndex['type'], columns: string[], dbName?: string | null): string {
  const kind = { id: 'primary key', unique: 'unique index', normal: 'index', fulltext: 'fulltext index' }[type];
  return `${kind}${dbName ? ` "${dbName}"` : ''} on (${columns.join(', ')})`;
}

/** Prisma's referential action for each pg_constraint action code. */
const FK_ACTIONS: Record<string, string> = {
  c: 'Cascade',
  r: 'Restrict',
  a: 'NoAction',
  n: 'SetNull',
  d: 'SetDefault',
};

function findForeignKeyProblems(datamodel: Datamodel, db: DbSnapshot): string[] {
  const matched = new Set<DbForeignKey>();
  const problems: string[] = [];
  for (const model of datamodel.models) {
    for (const field of model.fields.filter((f) => (f.relationFromFields ?? []).length > 0)) {
      const expected = expectedForeignKey(model, field, datamodel);
      const found = db.foreignKeys.find((fk) => sameForeignKeyShape(fk, expected));
      if (found) matched.add(found);
      const problem = compareForeignKey(found, expected);
      if (problem) problems.push(`${model.name}.${field.name}: ${problem}`);
    }
  }
  for (const fk of db.foreignKeys.filter((f) => !matched.has(f))) {
    problems.push(
      `database: foreign key "${fk.name}" on "${fk.table}"(${fk.columns.join(', ')}) is not in schema.prisma`,
    );
  }
  return problems;
}

function expectedForeignKey(model: DmmfModel, field: DmmfField, datamodel: Datamodel): Omit<DbForeignKey, 'name'> {
  const target = datamodel.models.find((m) => m.name === field.type);
  const fromFields = field.relationFromFields ?? [];
  const allRequired = fromFields.every((name) => model.fields.find((f) => f.name === name)?.isRequired);
  // Prisma's defaults when the relation names no action.
  const onDelete = field.relationOnDelete ?? (allRequired ? 'Restrict' : 'SetNull');
  const onUpdate = field.relationOnUpdate ?? 'Cascade';
  return {
    table: tableOf(model),
    columns: columnsOf(model, fromFields),
    refTable: target ? tableOf(target) : field.type,
    refColumns: target ? columnsOf(target, field.relationToFields ?? []) : [],
    onDelete,
    onUpdate,
  };
}

function sameForeignKeyShape(fk: Omit<DbForeignKey, 'name'>, other: Omit<DbForeignKey, 'name'>): boolean {
  return (
    fk.table === other.table &&
    fk.refTable === other.refTable &&
    fk.columns.join() === other.columns.join() &&
    fk.refColumns.join() === other.refColumns.join()
  );
}

function compareForeignKey(found: DbForeignKey | undefined, expected: Omit<DbForeignKey, 'name'>): string | undefined {
  const shape = `foreign key (${expected.columns.join(', ')}) -> "${expected.refTable}"(${expected.refColumns.join(', ')})`;
  if (!found) return `${shape} is missing`;
  const actual = `onDelete: ${FK_ACTIONS[found.onDelete] ?? found.onDelete}, onUpdate: ${FK_ACTIONS[found.onUpdate] ?? found.onUpdate}`;
  const wanted = `onDelete: ${expected.onDelete}, onUpdate: ${expected.onUpdate}`;
  return actual === wanted ? undefined : `${shape} has ${actual}; schema says ${wanted}`;
}

/** Every model and scalar/enum field of the generated client must exist in the DMMF and the database. */
function findRuntimeModelProblems(runtime: RuntimeDataModel, datamodel: Datamodel, db: DbSnapshot): string[] {
  const problems: string[] = [];
  for (const [modelName, runtimeModel] of Object.entries(runtime.models)) {
    const model = datamodel.models.find((m) => m.name === modelName);
    if (!model) {
      problems.push(`generated client: model ${modelName} is not in schema.prisma (run npm run prisma:generate)`);
      continue;
    }
    for (const field of runtimeModel.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')) {
      const problem = checkRuntimeField(model, field, db);
      if (problem) problems.push(`generated client: ${modelName}.${field.name}: ${problem}`);
    }
  }
  for (const model of datamodel.models.filter((m) => !(m.name in runtime.models))) {
    problems.push(`generated client: has no model ${model.name} (stale; run npm run prisma:generate)`);
  }
  return problems;
}

function checkRuntimeField(
  model: DmmfModel,
  field: { name: string; kind: string; type: string },
  db: DbSnapshot,
): string | undefined {
  const dmmfField = model.fields.find((f) => f.name === field.name);
  if (!dmmfField) return 'field is not in schema.prisma (stale client; run npm run prisma:generate)';
  if (dmmfField.kind !== field.kind || dmmfField.type !== field.type) {
    return `client has ${field.kind} ${field.type}, schema.prisma has ${dmmfField.kind} ${dmmfField.type}`;
  }
  const found = db.columns.some((c) => c.table === tableOf(model) && c.name === columnOf(dmmfField));
  return found ? undefined : `column "${tableOf(model)}"."${columnOf(dmmfField)}" is missing in the database`;
}

/** The data model the generated client uses at run time (constructing a client does not connect). */
async function generatedRuntimeDataModel(connectionString: string): Promise<RuntimeDataModel> {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    // The generated class.ts keeps its config private; the runtime copies config.runtimeDataModel
    // onto every client as `_runtimeDataModel` (declared in @prisma/client/runtime's types).
    return (client as unknown as { _runtimeDataModel: RuntimeDataModel })._runtimeDataModel;
  } finally {
    await client.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Test setup: one scratch database with the real migrations applied.

const schemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
const schemaText = readFileSync(schemaPath, 'utf8');
const scratchName = `schema_drift_test_${randomUUID().replaceAll('-', '')}`;
let scratchUrl = '';
let snapshot: DbSnapshot;

const adminUrl = testAdminUrl;

beforeAll(async () => {
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE "${scratchName}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${scratchName}`;
  scratchUrl = url.toString();
  await applyMigrations({ connectionString: scratchUrl, migrationsDir });
  snapshot = await withClient(scratchUrl, introspect);
});

afterAll(async () => {
  if (scratchUrl) await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`));
});

/** Replaces exactly one occurrence, so a reformatted schema breaks the test loudly instead of silently. */
function edit(schema: string, from: string, to: string): string {
  const count = schema.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one ${JSON.stringify(from)} in schema.prisma, found ${count}`);
  return schema.replace(from, () => to);
}

describe('schema drift', () => {
  it('the migrated database matches prisma/schema.prisma', () => {
    expect(findDrift(schemaText, snapshot)).toEqual([]);
  });

  it("the generated client's runtime data model matches prisma/schema.prisma and the database", async () => {
    const runtime = await generatedRuntimeDataModel(scratchUrl);

    expect(Object.keys(runtime.models).sort()).toEqual(
      loadDatamodel(schemaText)
        .models.map((m) => m.name)
        .sort(),
    );
    expect(findRuntimeModelProblems(runtime, loadDatamodel(schemaText), snapshot)).toEqual([]);
  });

  it.each<[string, (schema: string) => string, string]>([
    [
      'a changed @db.VarChar length',
      (s) => edit(s, 'name        String   @db.VarChar(120)', 'name        String   @db.VarChar(150)'),
      'Category.name: type is character varying(120), schema says character varying(150)',
    ],
    [
      'a new field',
      (s) =>
        edit(s, '  featured             Boolean', '  subtitle             String?\n  featured             Boolean'),
      'Product.subtitle: column "Product"."subtitle" is missing',
    ],
    [
      'a removed field',
      (s) => edit(s, '  shopifyVariantId String?  @unique @db.VarChar(64)\n', ''),
      'Variant: column "Variant"."shopifyVariantId" is not a field in schema.prisma',
    ],
    [
      'an optional field made required',
      (s) => edit(s, 'compareAtPrice   Int?', 'compareAtPrice   Int '),
      'Variant.compareAtPrice: column is NULL, schema says required',
    ],
    [
      'a changed type',
      (s) => edit(s, '  stock            Int      @default(0)', '  stock            BigInt   @default(0)'),
      'Variant.stock: type is integer, schema says bigint',
    ],
    [
      'a changed default',
      (s) => edit(s, '  stock            Int      @default(0)', '  stock            Int      @default(5)'),
      'Variant.stock: default is 0, schema says 5',
    ],
    [
      'a renamed column (@map)',
      (s) => edit(s, '  price            Int\n', '  price            Int @map("amount")\n'),
      'Variant.price: column "Variant"."amount" is missing',
    ],
    [
      'a new enum value',
      (s) => edit(s, '  ARCHIVED\n}', '  ARCHIVED\n  HIDDEN\n}'),
      'enum ProductStatus: values are [ACTIVE, DRAFT, ARCHIVED], schema says [ACTIVE, DRAFT, ARCHIVED, HIDDEN]',
    ],
    [
      'a new @@unique',
      (s) =>
        edit(
          s,
          '  @@index([productId, position])\n}\n\n/// A product',
          '  @@index([productId, position])\n  @@unique([productId, url])\n}\n\n/// A product',
        ),
      'ProductImage: unique index on (productId, url) is missing',
    ],
    [
      'a new @@index',
      (s) => edit(s, '  @@index([status, featured])', '  @@index([status, featured])\n  @@index([createdAt])'),
      'Product: index on (createdAt) is missing',
    ],
    [
      'a removed @unique',
      (s) => edit(s, 'sku              String   @unique @db.VarChar(64)', 'sku              String   @db.VarChar(64)'),
      'database: unique index "Variant_sku_key" on "Variant"(sku) is not in schema.prisma',
    ],
    [
      'a changed primary key',
      (s) => edit(s, '@@id([productId, categoryId])', '@@id([categoryId, productId])'),
      'ProductCategory: primary key on (categoryId, productId) is missing',
    ],
    [
      'a changed onDelete',
      (s) =>
        edit(
          s,
          'product          Product  @relation(fields: [productId], references: [id], onDelete: Cascade)',
          'product          Product  @relation(fields: [productId], references: [id], onDelete: Restrict)',
        ),
      'Variant.product: foreign key (productId) -> "Product"(id) has onDelete: Cascade, onUpdate: Cascade; schema says onDelete: Restrict, onUpdate: Cascade',
    ],
    ['a new model', (s) => `${s}\nmodel Tag {\n  id Int @id\n}\n`, 'Tag: table "Tag" is missing'],
  ])('detects a schema edited without a migration: %s', (_label, change, expectedProblem) => {
    const problems = findDrift(change(schemaText), snapshot);

    expect(problems, `problems found:\n${problems.join('\n')}`).toContain(expectedProblem);
  });
});
