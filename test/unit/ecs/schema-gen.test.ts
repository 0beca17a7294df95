import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_MODEL_PATH,
  GENERATED_API_REQUESTS_PATH,
  GENERATED_SCHEMA_PATH,
  generateApiRequestsSource,
  generateEcsSchemaSource,
  parseEcsModel,
  readOnlyMembers,
  type EcsModel,
} from '../../../hack/ecs-schema-codegen.js';
import { ECS_API_REQUESTS, ECS_MODEL_OPERATIONS, UpdateServiceRequest } from '../../../src/ecs/api-requests.gen.js';
import { DESCRIPTIONS } from '../../../src/ecs/descriptions.data.js';
import { CreateServiceRequest } from '../../../src/ecs/schema.gen.js';

// The ECS model lives in ../shared (beside every clone, CI included); without it these checks cannot run.
const loaded = existsSync(DEFAULT_MODEL_PATH)
  ? parseEcsModel(readFileSync(DEFAULT_MODEL_PATH, 'utf8'), DEFAULT_MODEL_PATH)
  : undefined;
function ecsModel(): EcsModel {
  if (!loaded) throw new Error(`the ECS API model is missing at ${DEFAULT_MODEL_PATH}`);
  return loaded;
}

describe('generated ECS schemas', () => {
  before(function () {
    ecsModel();
  });

  it('src/ecs/schema.gen.ts is what the generator makes from the model (run `npx tsx hack/gen-ecs-schema.ts` when this fails)', () => {
    expect(readFileSync(GENERATED_SCHEMA_PATH, 'utf8')).to.equal(generateEcsSchemaSource(ecsModel()));
  });

  it('src/ecs/api-requests.gen.ts is what the generator makes from the model (run `npx tsx hack/gen-ecs-schema.ts` when this fails)', () => {
    expect(readFileSync(GENERATED_API_REQUESTS_PATH, 'utf8')).to.equal(generateApiRequestsSource(ecsModel()));
  });

  it("validates ECS API requests with the model's required members, rejecting unknown ones by path", () => {
    expect(UpdateServiceRequest.safeParse({ service: 'web', desiredCount: 2 }).success).to.equal(true);

    const missing = UpdateServiceRequest.safeParse({ cluster: 'default' });
    expect(missing.success).to.equal(false);
    expect(missing.error?.issues.map((i) => i.path)).to.deep.equal([['service']]);

    const unknown = UpdateServiceRequest.safeParse({ service: 'web', networkConfiguration: { awsvpcConfig: {} } });
    expect(unknown.success).to.equal(false);
    expect(unknown.error?.issues).to.have.length(1);
    expect(unknown.error?.issues[0]).to.include({ code: 'unrecognized_keys' });
    expect(unknown.error?.issues[0].path).to.deep.equal(['networkConfiguration']);
    expect(unknown.error?.issues[0]).to.have.property('keys').that.deep.equals(['awsvpcConfig']);

    // The requests the custom resources mirror are the very schemas of schema.gen.ts.
    expect(ECS_API_REQUESTS.CreateService).to.equal(CreateServiceRequest);
    expect(ECS_API_REQUESTS.UpdateService).to.equal(UpdateServiceRequest);
  });

  it('tells an ECS operation the server does not implement from a name that is no ECS operation', () => {
    expect(ECS_MODEL_OPERATIONS).to.include('PutAccountSetting');
    expect(ECS_API_REQUESTS).not.to.have.property('PutAccountSetting');
    expect(ECS_MODEL_OPERATIONS).not.to.include('GetObject');
    expect([...ECS_MODEL_OPERATIONS]).to.deep.equal([...ECS_MODEL_OPERATIONS].sort());
    expect(ECS_MODEL_OPERATIONS).to.include.members(Object.keys(ECS_API_REQUESTS));
    expect(Object.keys(ECS_API_REQUESTS)).to.have.length(22);
  });

  it('has a description in our own words for every generated member', () => {
    const keys = [...readFileSync(GENERATED_SCHEMA_PATH, 'utf8').matchAll(/doc\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(keys.length).to.be.greaterThan(300);
    expect(keys.filter((k) => !DESCRIPTIONS[k])).to.deep.equal([]);
  });

  it('treats the describe-only members of TaskDefinition and Service as read-only', () => {
    expect(readOnlyMembers(ecsModel(), 'RegisterTaskDefinitionRequest', 'TaskDefinition')).to.include.members([
      'revision',
      'taskDefinitionArn',
      'status',
    ]);
    expect(readOnlyMembers(ecsModel(), 'CreateServiceRequest', 'Service')).to.include.members([
      'runningCount',
      'deployments',
      'roleArn',
    ]);
  });
});
