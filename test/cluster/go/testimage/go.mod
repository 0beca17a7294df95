// The stand-in for every container image on the harness's real node (lib/real-node.sh): one
// static binary, standard library only, that is the image's test program, its pause process and
// the local registry that serves the image under any name. Built by build-node.sh.
module ecs2eks.invalid/cluster/testimage

go 1.26
