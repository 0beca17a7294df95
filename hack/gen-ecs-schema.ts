/**
 * Writes src/ecs/schema.gen.ts from the machine-readable ECS API model, so that no field or enum
 * value of RegisterTaskDefinition, CreateService or RunTask is missed by hand.
 *
 *   npx tsx hack/gen-ecs-schema.ts [path/to/ecs-api-2014-11-13.json]
 *
 * The output is deterministic; test/unit/ecs/schema-gen.test.ts regenerates it in memory and fails
 * when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  generateEcsSchemaSource,
  parseEcsModel,
  DEFAULT_MODEL_PATH,
  GENERATED_SCHEMA_PATH,
} from './ecs-schema-codegen.js';

const modelPath = process.argv[2] ?? DEFAULT_MODEL_PATH;
const model = parseEcsModel(readFileSync(modelPath, 'utf8'), modelPath);
writeFileSync(GENERATED_SCHEMA_PATH, generateEcsSchemaSource(model));
console.error(`wrote ${GENERATED_SCHEMA_PATH}`);
