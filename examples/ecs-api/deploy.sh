#!/usr/bin/env bash
# A deploy script as ECS pipelines write it, unchanged for ecs2eks: register the task definition
# with a new image, run the one-off migration task and wait for it (failing the deploy when it
# exits non-zero), create the service or point it at the new revision, and wait until it is stable.
# It only calls `aws ecs`; where the calls go is the environment's business (see README,
# "The ECS API").
#
#   IMAGE=registry.example/orders:2.0 ./deploy.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CLUSTER=${CLUSTER:-default}
SERVICE=${SERVICE:-orders}
IMAGE=${IMAGE:?set IMAGE to the image to deploy}
DESIRED=${DESIRED:-2}

taskdef=$(sed "s|@IMAGE@|$IMAGE|" "$here/orders-taskdef.json")
arn=$(aws ecs register-task-definition --cli-input-json "$taskdef" \
  --query taskDefinition.taskDefinitionArn --output text)
echo "registered $arn"

# The schema migration runs first, as a one-off task with the same revision.
task=$(aws ecs run-task --cluster "$CLUSTER" --task-definition "$arn" --started-by deploy.sh \
  --overrides '{"containerOverrides":[{"name":"orders","command":["sh","-c","echo migrating; sleep 2; echo migrated"]}]}' \
  --query 'tasks[0].taskArn' --output text)
echo "migration task $task"
aws ecs wait tasks-stopped --cluster "$CLUSTER" --tasks "$task"
code=$(aws ecs describe-tasks --cluster "$CLUSTER" --tasks "$task" \
  --query 'tasks[0].containers[?name==`orders`].exitCode | [0]' --output text)
if [ "$code" != 0 ]; then
  echo "migration failed with exit code $code" >&2
  exit 1
fi

status=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" \
  --query 'services[0].status' --output text)
if [ "$status" = ACTIVE ]; then
  aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --task-definition "$arn" >/dev/null
  echo "updated $SERVICE to $arn"
else
  aws ecs create-service --cluster "$CLUSTER" --service-name "$SERVICE" --task-definition "$arn" \
    --desired-count "$DESIRED" \
    --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=true},minimumHealthyPercent=50,maximumPercent=200' \
    >/dev/null
  echo "created $SERVICE with $arn"
fi
aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"
aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" \
  --query 'services[0].[serviceName,taskDefinition,runningCount,desiredCount]' --output text
