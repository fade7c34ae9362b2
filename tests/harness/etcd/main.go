// Command etcd is etcd's own server entry point, built at the version go.mod pins for the
// API-server tests (scripts/test-deps.sh).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
