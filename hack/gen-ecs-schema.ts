/**
 * Writes src/ecs/schema.gen.ts and src/ecs/api-requests.gen.ts from the machine-readable ECS API
 * model, so that no field or enum value is missed by hand: schema.gen.ts holds RegisterTaskDefinition,
 * CreateService and RunTask (the custom resources), api-requests.gen.ts the request of every operation
 * `ecs2eks ecs-api` implements.
 *
 *   npx tsx hack/gen-ecs-schema.ts [path/to/ecs-api-2014-11-13.json]
 *
 * The output is deterministic; test/unit/ecs/schema-gen.test.ts regenerates both files in memory and
 * fails when a committed one is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  generateApiRequestsSource,
  generateEcsSchemaSource,
  parseEcsModel,
  DEFAULT_MODEL_PATH,
  GENERATED_API_REQUESTS_PATH,
  GENERATED_SCHEMA_PATH,
} from './ecs-schema-codegen.js';

const modelPath = process.argv[2] ?? DEFAULT_MODEL_PATH;
const model = parseEcsModel(readFileSync(modelPath, 'utf8'), modelPath);
writeFileSync(GENERATED_SCHEMA_PATH, generateEcsSchemaSource(model));
console.error(`wrote ${GENERATED_SCHEMA_PATH}`);
writeFileSync(GENERATED_API_REQUESTS_PATH, generateApiRequestsSource(model));
console.error(`wrote ${GENERATED_API_REQUESTS_PATH}`);
