//go:build tools

// Package tools pins the Dapr commands this module builds.
package tools

import (
	_ "github.com/dapr/dapr/cmd/daprd"
	_ "github.com/dapr/dapr/cmd/scheduler"
)
