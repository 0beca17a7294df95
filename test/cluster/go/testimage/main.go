// Command ecs2eks-test is the one program behind every image on the harness's real node.
//
//	ecs2eks-test [serve] [flags]   the container's default command: a small test app (below)
//	ecs2eks-test pause             the pod sandbox's pause process (any image named .../pause)
//	ecs2eks-test registry [flags]  a local OCI registry that serves one image for every name
//	ecs2eks-test get URL [SECS]    GET URL (timeout SECS, default 5): body to stdout, exit 0 on
//	                               2xx, 1 otherwise (a health check that needs no busybox wget)
//
// No registry is reachable from the test machines, so the real node's containerd is pointed at
// `registry` (lib/real-node.sh), which answers every repository and every tag with the same image:
// busybox-static (a POSIX shell and tools) plus this binary at /usr/local/bin/ecs2eks-test.
// `nginx:1.27`, `public.ecr.aws/x/y:tag` and
// `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1` all run this image.
//
// serve flags (each also read from the environment variable named in brackets, so an ECS task
// definition's `environment` can drive it without a command):
//
//	--listen ADDR         HTTP listen address [TESTIMAGE_LISTEN, default ":80"; "" = no server]
//	--healthy-after SECS  create --health-file after SECS; GET /healthz is 503 until then
//	                      [TESTIMAGE_HEALTHY_AFTER, default 0 = at once; -1 = never]
//	--health-file PATH    [TESTIMAGE_HEALTH_FILE, default /tmp/healthy]
//	--exit-after SECS     exit on its own after SECS [TESTIMAGE_EXIT_AFTER, default -1 = never]
//	--exit-code N         code for --exit-after [TESTIMAGE_EXIT_CODE, default 0]
//	--term-delay SECS     on SIGTERM/SIGINT wait SECS before exiting [TESTIMAGE_TERM_DELAY, 0]
//	--term-exit-code N    code after SIGTERM [TESTIMAGE_TERM_EXIT_CODE, default 0]
//	--write PATH=TEXT     write TEXT to PATH at start (parent dirs made) [TESTIMAGE_WRITE]
//	--read PATH           print PATH's content at start ("read PATH: missing" when absent)
//	                      [TESTIMAGE_READ]
//
// HTTP: GET / -> "ecs2eks-test <hostname>", /healthz -> 200 once healthy, /file?path=P -> P's
// content, /env -> the environment. Every event is logged to stdout for `kubectl logs`.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	args := os.Args[1:]
	cmd := "serve"
	if filepath.Base(os.Args[0]) == "pause" {
		cmd = "pause"
	} else if len(args) > 0 && (args[0] == "serve" || args[0] == "pause" || args[0] == "registry" || args[0] == "get") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "pause":
		err = pause()
	case "registry":
		err = registry(args)
	case "get":
		err = get(args)
	default:
		err = serve(args)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ecs2eks-test %s: %v\n", cmd, err)
		os.Exit(2)
	}
}
