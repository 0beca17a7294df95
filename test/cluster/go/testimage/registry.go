package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"strings"
	"time"
)

const (
	mediaManifest = "application/vnd.oci.image.manifest.v1+json"
	mediaConfig   = "application/vnd.oci.image.config.v1+json"
	mediaLayer    = "application/vnd.oci.image.layer.v1.tar+gzip"
	selfPath      = "/usr/local/bin/ecs2eks-test"
)

type blob struct {
	media string
	data  []byte
}

func digestOf(b []byte) string { return fmt.Sprintf("sha256:%x", sha256.Sum256(b)) }

// imageSet is what the registry serves: one layer, two configs/manifests (the app image and the
// pause variant, which only differ in their command).
type imageSet struct {
	blobs             map[string]blob // digest -> content: configs and the layer
	app, pause        []byte          // manifests
	appDgst, pauseDgt string
}

// buildLayer makes a reproducible rootfs tar: busybox with every applet linked where
// `busybox --list-full` says, this program, /etc/passwd and /etc/group, /tmp.
func buildLayer(busybox, self string) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	mtime := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	dirs := map[string]bool{}
	addDir := func(name string, mode int64) error {
		if dirs[name] {
			return nil
		}
		dirs[name] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, ModTime: mtime})
	}
	addFile := func(name string, mode int64, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: mtime}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	for _, d := range []string{"bin", "sbin", "usr", "usr/bin", "usr/sbin", "usr/local", "usr/local/bin", "etc", "root", "var", "proc", "sys", "dev"} {
		if err := addDir(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := addDir("tmp", 0o1777); err != nil {
		return nil, err
	}
	bb, err := os.ReadFile(busybox)
	if err != nil {
		return nil, err
	}
	if err := addFile("bin/busybox", 0o755, bb); err != nil {
		return nil, err
	}
	list, err := exec.Command(busybox, "--list-full").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --list-full: %w", busybox, err)
	}
	for _, applet := range strings.Fields(string(list)) {
		if !strings.Contains(applet, "/") || applet == "bin/busybox" {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: applet, Linkname: "/bin/busybox", Mode: 0o777, ModTime: mtime}); err != nil {
			return nil, err
		}
	}
	me, err := os.ReadFile(self)
	if err != nil {
		return nil, err
	}
	if err := addFile(strings.TrimPrefix(selfPath, "/"), 0o755, me); err != nil {
		return nil, err
	}
	if err := addFile("etc/passwd", 0o644, []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")); err != nil {
		return nil, err
	}
	if err := addFile("etc/group", 0o644, []byte("root:x:0:\nnobody:x:65534:\n")); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newImageSet(busybox, self string) (*imageSet, error) {
	tarball, err := buildLayer(busybox, self)
	if err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if _, err := zw.Write(tarball); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	layer := gz.Bytes()
	set := &imageSet{blobs: map[string]blob{digestOf(layer): {mediaLayer, layer}}}
	env := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	manifest := func(entrypoint, cmd []string) ([]byte, error) {
		cfg, err := json.Marshal(map[string]any{
			"architecture": "amd64",
			"os":           "linux",
			"created":      "2000-01-01T00:00:00Z",
			"config":       map[string]any{"Env": env, "Entrypoint": entrypoint, "Cmd": cmd, "WorkingDir": "/"},
			"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{digestOf(tarball)}},
		})
		if err != nil {
			return nil, err
		}
		set.blobs[digestOf(cfg)] = blob{mediaConfig, cfg}
		return json.Marshal(map[string]any{
			"schemaVersion": 2,
			"mediaType":     mediaManifest,
			"config":        map[string]any{"mediaType": mediaConfig, "digest": digestOf(cfg), "size": len(cfg)},
			"layers":        []any{map[string]any{"mediaType": mediaLayer, "digest": digestOf(layer), "size": len(layer)}},
		})
	}
	if set.app, err = manifest(nil, []string{selfPath, "serve"}); err != nil {
		return nil, err
	}
	if set.pause, err = manifest([]string{selfPath, "pause"}, nil); err != nil {
		return nil, err
	}
	set.appDgst, set.pauseDgt = digestOf(set.app), digestOf(set.pause)
	return set, nil
}

// ServeHTTP answers the pull side of the OCI distribution API for any repository name:
// GET/HEAD /v2/, /v2/<name>/manifests/<tag|digest>, /v2/<name>/blobs/<digest>.
// A repository whose last path element is "pause" gets the pause variant. A manifest asked for
// by a digest other than ours is 404: a digest pins content this registry does not have.
func (s *imageSet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Printf("%s %s %s\n", time.Now().UTC().Format(time.RFC3339), r.Method, r.URL.RequestURI())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "read-only registry", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	p := r.URL.Path
	if p == "/v2/" || p == "/v2" {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
		return
	}
	send := func(media string, data []byte) {
		w.Header().Set("Content-Type", media)
		w.Header().Set("Docker-Content-Digest", digestOf(data))
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		if r.Method == http.MethodGet {
			_, _ = w.Write(data)
		}
	}
	if i := strings.LastIndex(p, "/manifests/"); i > len("/v2") && strings.HasPrefix(p, "/v2/") {
		name, ref := p[len("/v2/"):i], p[i+len("/manifests/"):]
		m := s.app
		if path.Base(name) == "pause" {
			m = s.pause
		}
		if strings.Contains(ref, ":") {
			switch ref {
			case s.appDgst:
				m = s.app
			case s.pauseDgt:
				m = s.pause
			default:
				http.Error(w, `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"only the ecs2eks test image is here"}]}`, http.StatusNotFound)
				return
			}
		}
		send(mediaManifest, m)
		return
	}
	if i := strings.LastIndex(p, "/blobs/"); i > len("/v2") && strings.HasPrefix(p, "/v2/") {
		if b, ok := s.blobs[p[i+len("/blobs/"):]]; ok {
			send(b.media, b.data)
			return
		}
	}
	http.Error(w, `{"errors":[{"code":"BLOB_UNKNOWN","message":"not found"}]}`, http.StatusNotFound)
}

func registry(args []string) error {
	fs := flag.NewFlagSet("registry", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:5000", "listen address")
	busybox := fs.String("busybox", "/bin/busybox", "static busybox to put into the image")
	state := fs.String("state", "", "dir to write the manifest digests into (file digests)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	set, err := newImageSet(*busybox, self)
	if err != nil {
		return err
	}
	if *state != "" {
		digests := fmt.Sprintf("app=%s\npause=%s\n", set.appDgst, set.pauseDgt)
		if err := os.WriteFile(path.Join(*state, "digests"), []byte(digests), 0o644); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Printf("ecs2eks-test registry on %s: app manifest %s, pause manifest %s\n", ln.Addr(), set.appDgst, set.pauseDgt)
	srv := &http.Server{Handler: set, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
