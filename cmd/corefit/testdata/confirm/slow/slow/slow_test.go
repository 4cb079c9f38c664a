package slow

import (
	"testing"
	"time"
)

func TestWait(t *testing.T) { Wait(time.Minute) }
