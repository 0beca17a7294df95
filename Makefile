# ecs2eks: the one place that names how to build, test and run the project.
SHELL := /bin/bash
.DEFAULT_GOAL := help
MOCHA := npx mocha
E2E_MOCHA := npx mocha --config test/e2e/.mocharc.json

.PHONY: help deps build typecheck fmt lint unit golden golden-update e2e test manifests verify run examples \
        cluster-bins cluster-up cluster-down real-node-test e2e-real convert
# What Prettier formats (.prettierignore lists the generated files and the byte-exact test inputs).
PRETTIER_FILES := '**/*.ts' '**/*.json' '**/.mocharc.json'

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  %-16s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.package-lock.json ## Install npm dependencies (npm ci) when missing or stale

build: deps ## Compile the sources (src/) into dist/
	npx tsc -p tsconfig.build.json

typecheck: deps ## Type-check without emitting
	npx tsc -p tsconfig.json --noEmit

fmt: deps ## Format the sources with Prettier (writes files)
	npx prettier --log-level warn --write $(PRETTIER_FILES)

lint: deps ## Check formatting (Prettier) and lint (ESLint, type-aware)
	npx prettier --log-level warn --check $(PRETTIER_FILES)
	npx eslint --max-warnings 0 .

unit: deps ## Unit and golden tests (no cluster needed)
	$(MOCHA)

golden-update: deps ## Rewrite the expected files of every golden case
	UPDATE_GOLDEN=1 $(MOCHA) 'test/golden/**/*.test.ts'

manifests: deps ## Regenerate crds/ from the zod schemas
	npx tsx src/cli/main.ts crds --out crds

verify: manifests ## Fail when crds/ is stale
	git diff --exit-code -- crds

cluster-bins: ## Build (or reuse from the cache) the control-plane binaries
	bash test/cluster/build.sh

cluster-up: deps ## Start the local control plane; prints the KUBECONFIG to use
	bash test/cluster/up.sh --pointer .cache/cluster-current

cluster-down: ## Stop the local control plane started by cluster-up
	bash test/cluster/down.sh

real-node-test: ## Self-test of the real node (REAL_NODE=1: kubelet + containerd; root, Debian packages)
	bash test/cluster/test-real-node.sh

e2e: deps ## End-to-end tests: against E2E_KUBECONFIG when set, else a fresh local control plane
	bash test/cluster/with-cluster.sh $(E2E_MOCHA)

e2e-real: deps ## Scenarios on real containers: a fresh control plane with the real node (REAL_NODE=1)
	REAL_NODE=1 NODES=0 bash test/cluster/with-cluster.sh npx mocha --config test/e2e-real/.mocharc.json

test: lint typecheck unit e2e real-node-test e2e-real ## Everything: lint, type-check, unit, golden, e2e, the real node's self-test and real-node scenarios (what CI runs)

# make run and make examples change an existing cluster only when CONTEXT=<kubeconfig context> is given on
# make's command line: a CONTEXT exported in the environment never opts in by accident.
EXPLICIT_CONTEXT = $(if $(filter command line,$(origin CONTEXT)),$(CONTEXT))
CONTEXT_FLAG = $(if $(EXPLICIT_CONTEXT),--context '$(EXPLICIT_CONTEXT)')
IGNORED_CONTEXT = $(if $(filter environment%,$(origin CONTEXT)),echo "[$@] CONTEXT=$(CONTEXT) from the environment is ignored: name it on the command line (make $@ CONTEXT=$(CONTEXT))" >&2,:)

run: deps ## Run the operator on a local control plane it starts (CRDs, examples/); an existing cluster only with CONTEXT=<context>
	@$(IGNORED_CONTEXT)
	bash hack/run.sh $(CONTEXT_FLAG) $(if $(filter 1,$(LOCAL)),--local)

examples: deps ## Apply examples/ to the current context's cluster, or CONTEXT's (printed first; needs the CRDs)
	@$(IGNORED_CONTEXT)
	KUBECTL='$(KUBECTL)' bash hack/examples.sh $(CONTEXT_FLAG)

convert: deps ## Convert one file offline: make convert FILE=path
	npx tsx src/cli/main.ts convert $(FILE)

# --- mutation testing (StrykerJS; not part of make test: the full run takes about 30 minutes on 2 cores).
# Stryker 9.6 and mocha 11 live in hack/mutation/ (own package.json and lockfile): Stryker 10 needs
# Node 22 and its mocha runner does not work with the project's mocha 12.
.PHONY: mutation
MUTATION_DIR := hack/mutation

$(MUTATION_DIR)/node_modules/.package-lock.json: $(MUTATION_DIR)/package-lock.json
	npm ci --prefix $(MUTATION_DIR) --no-audit --no-fund
	@touch $@

mutation: deps $(MUTATION_DIR)/node_modules/.package-lock.json ## Mutation testing of src/translate, units, task/service status: make mutation [FILES=src/translate/rollout.ts] [SURVIVORS=1] [IGNORE_STATIC=1] [CONCURRENCY=2]
	MUTATE_FILES='$(FILES)' MUTATION_IGNORE_STATIC='$(IGNORE_STATIC)' STRYKER_CONCURRENCY='$(or $(CONCURRENCY),2)' \
	  $(MUTATION_DIR)/node_modules/.bin/stryker run $(MUTATION_DIR)/stryker.config.mjs
	npx tsx $(MUTATION_DIR)/score.ts reports/mutation/mutation.json --out reports/mutation/survivors.txt $(if $(filter 1,$(SURVIVORS)),--survivors)

# --- the image and installing into a cluster (the current kubeconfig's; KUBECTL=... to use another kubectl) ---
.PHONY: install uninstall deploy undeploy docker-build image image-load
KUBECTL ?= kubectl
IMG ?= ghcr.io/ecs2eks/ecs2eks:0.1.0
# What deploy applies (with the image set to IMG): manifests/, or an overlay of it.
DEPLOY_BASE ?= manifests
IMAGE_ARCHIVE := .cache/image/ecs2eks-operator.oci.tar

install: ## Install the CRDs into the current cluster (kubectl apply --server-side -f crds/)
	$(KUBECTL) apply --server-side -f crds/
	@# A just-created CRD may have no status yet, which makes kubectl wait fail at once: retry.
	@for i in 1 2 3 4 5; do $(KUBECTL) wait --for=condition=Established --timeout=60s -f crds/ 2>/dev/null && exit 0; sleep 1; done; \
	  $(KUBECTL) wait --for=condition=Established --timeout=60s -f crds/

uninstall: ## Remove the CRDs (and with them every TaskDefinition, Service and Task) from the current cluster
	$(KUBECTL) delete --ignore-not-found -f crds/

deploy: ## Install CRDs, RBAC and the operator Deployment running IMG (manifests/ with kustomize's image override)
	KUBECTL='$(KUBECTL)' bash hack/deploy.sh '$(IMG)' '$(DEPLOY_BASE)'

undeploy: ## Remove everything deploy installed, CRDs included (kubectl delete -k manifests/)
	$(KUBECTL) delete --ignore-not-found -k $(DEPLOY_BASE)

image: deps ## Assemble the operator image IMG without Docker: an OCI archive, .cache/image/ecs2eks-operator.oci.tar
	bash hack/image/build.sh '$(IMG)'

image-load: image ## Import the image into the real node of the local cluster (REAL_NODE=1 make cluster-up)
	bash hack/image/load.sh $(IMAGE_ARCHIVE)

docker-build: ## Build the operator image IMG with Docker from the Dockerfile (needs a Docker engine; not built in CI)
	docker build -t $(IMG) .

# --- benchmarks (bench/; not part of make test). Each starts its own local control plane and stops it
# afterwards, unless KUBECONFIG_BENCH (or E2E_KUBECONFIG) names an existing cluster. Results: bench/results/*.json
.PHONY: bench bench-converge bench-idle bench-memory bench-latency bench-cli
BENCH := npx tsx

bench: build ## Run every benchmark with modest defaults (N=100; idle 90 s; memory 200x3; latency M=100, 20 changes)
	$(MAKE) --no-print-directory bench-cli
	$(MAKE) --no-print-directory bench-converge N=$(or $(N),100) RUNS=$(or $(RUNS),3)
	$(MAKE) --no-print-directory bench-idle N=$(or $(N),100) IDLE_SECONDS=$(or $(IDLE_SECONDS),90)
	$(MAKE) --no-print-directory bench-memory N=$(or $(N),200) REPLICAS=$(or $(REPLICAS),3)
	$(MAKE) --no-print-directory bench-latency M=$(or $(M),100) CHANGES=$(or $(CHANGES),20)

bench-converge: build ## Operator vs convert+apply time to converge: make bench-converge N=500 [RUNS=3] (or SIZES=100,500)
	SIZES=$(or $(SIZES),$(N),500) RUNS=$(or $(RUNS),3) $(BENCH) bench/converge.ts

bench-idle: build ## API writes/reads and CPU of an idle operator: make bench-idle N=500 [IDLE_SECONDS=300 RESYNC=60]
	N=$(or $(N),500) IDLE_SECONDS=$(or $(IDLE_SECONDS),300) RESYNC=$(or $(RESYNC),60) $(BENCH) bench/idle.ts

bench-memory: build ## Operator RSS and heap with N services x REPLICAS tasks: make bench-memory N=1000 [REPLICAS=3]
	N=$(or $(N),1000) REPLICAS=$(or $(REPLICAS),3) $(BENCH) bench/memory.ts

bench-latency: build ## Image change -> Deployment template latency p50/p95/p99: make bench-latency M=500 [CHANGES=50]
	M=$(or $(M),500) CHANGES=$(or $(CHANGES),50) $(BENCH) bench/latency.ts

bench-cli: build ## convert as a whole process vs node -e 0, and in-process translations per second
	$(BENCH) bench/cli.ts
