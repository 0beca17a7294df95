package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ignoring %s=%q: not an integer\n", name, v)
		return def
	}
	return n
}

func logf(format string, a ...any) {
	fmt.Printf("%s ecs2eks-test: %s\n", time.Now().UTC().Format(time.RFC3339), fmt.Sprintf(format, a...))
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", envOr("TESTIMAGE_LISTEN", ":80"), "HTTP listen address")
	healthyAfter := fs.Int("healthy-after", envInt("TESTIMAGE_HEALTHY_AFTER", 0), "seconds until healthy (-1 never)")
	healthFile := fs.String("health-file", envOr("TESTIMAGE_HEALTH_FILE", "/tmp/healthy"), "file created when healthy")
	exitAfter := fs.Int("exit-after", envInt("TESTIMAGE_EXIT_AFTER", -1), "exit after seconds (-1 never)")
	exitCode := fs.Int("exit-code", envInt("TESTIMAGE_EXIT_CODE", 0), "exit code for --exit-after")
	termDelay := fs.Int("term-delay", envInt("TESTIMAGE_TERM_DELAY", 0), "seconds to wait after SIGTERM")
	termExit := fs.Int("term-exit-code", envInt("TESTIMAGE_TERM_EXIT_CODE", 0), "exit code after SIGTERM")
	write := fs.String("write", envOr("TESTIMAGE_WRITE", ""), "PATH=TEXT to write at start")
	read := fs.String("read", envOr("TESTIMAGE_READ", ""), "PATH to print at start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _ := os.Hostname()
	logf("starting on %s (pid %d)", host, os.Getpid())

	if *write != "" {
		path, text, ok := strings.Cut(*write, "=")
		if !ok {
			return fmt.Errorf("--write wants PATH=TEXT, got %q", *write)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
		logf("wrote %d bytes to %s", len(text), path)
	}
	if *read != "" {
		b, err := os.ReadFile(*read)
		if err != nil {
			logf("read %s: missing (%v)", *read, err)
		} else {
			logf("read %s: %s", *read, b)
		}
	}

	_ = os.Remove(*healthFile)
	healthy := func() bool { _, err := os.Stat(*healthFile); return err == nil }
	markHealthy := func() {
		if err := os.MkdirAll(filepath.Dir(*healthFile), 0o755); err == nil {
			err = os.WriteFile(*healthFile, []byte("ok\n"), 0o644)
			if err == nil {
				logf("healthy (%s created)", *healthFile)
				return
			}
		}
		logf("cannot create %s", *healthFile)
	}
	switch {
	case *healthyAfter == 0:
		markHealthy()
	case *healthyAfter > 0:
		time.AfterFunc(time.Duration(*healthyAfter)*time.Second, markHealthy)
	}

	done := make(chan int, 1)
	if *exitAfter >= 0 {
		time.AfterFunc(time.Duration(*exitAfter)*time.Second, func() {
			logf("exiting with code %d after %ds", *exitCode, *exitAfter)
			done <- *exitCode
		})
	}

	if *listen != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "ecs2eks-test %s\n", host)
		})
		mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
			if healthy() {
				fmt.Fprintln(w, "ok")
				return
			}
			http.Error(w, "not healthy yet", http.StatusServiceUnavailable)
		})
		mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile(r.URL.Query().Get("path"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusNotFound)
				return
			}
			_, _ = w.Write(b)
		})
		mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
			env := os.Environ()
			sort.Strings(env)
			fmt.Fprintln(w, strings.Join(env, "\n"))
		})
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return err
		}
		logf("listening on %s", ln.Addr())
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				logf("http server: %v", err)
			}
		}()
		defer srv.Shutdown(context.Background()) //nolint:errcheck
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case code := <-done:
		os.Exit(code)
	case s := <-sig:
		logf("received %v; exiting with code %d in %ds", s, *termExit, *termDelay)
		select {
		case <-time.After(time.Duration(*termDelay) * time.Second):
		case code := <-done: // --exit-after fired meanwhile
			os.Exit(code)
		}
		logf("exiting with code %d", *termExit)
		os.Exit(*termExit)
	}
	return nil
}

// pause is the pod sandbox's process: it holds the namespaces, reaps orphans (it is PID 1 of a
// pod that shares its process namespace) and exits 0 on SIGTERM/SIGINT, like registry.k8s.io/pause.
func pause() error {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range sig {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
	return nil
}

// get is a tiny HTTP client for exec probes and ECS health checks.
func get(args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return errors.New("usage: ecs2eks-test get URL [TIMEOUT_SECONDS]")
	}
	timeout := 5
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return err
		}
		timeout = n
	}
	client := &http.Client{Timeout: time.Duration(timeout) * time.Second}
	resp, err := client.Get(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(os.Stdout, resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fmt.Fprintf(os.Stderr, "GET %s: %s\n", args[0], resp.Status)
		os.Exit(1)
	}
	return nil
}
