package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Machine is what the figures were measured on. The figures say little
// without it.
type Machine struct {
	CPU       string `json:"cpu"`   // model name from /proc/cpuinfo, with family and model
	Cores     int    `json:"cores"` // runtime.NumCPU(): the cores this process may use
	GoVersion string `json:"go"`    // the toolchain that built the programs
	OS        string `json:"os"`    // GOOS/GOARCH
	Kernel    string `json:"kernel,omitempty"`
	MemGiB    int    `json:"mem_gib,omitempty"`
	// TmpDir is where the programs wrote their files, and TmpFS the file
	// system and device it sits on: the fsync and disk figures are those of
	// that device.
	TmpDir string `json:"tmp_dir"`
	TmpFS  string `json:"tmp_fs,omitempty"`
	// LoadBefore and LoadAfter are /proc/loadavg's averages over 1, 5 and 15
	// minutes before and after the measurements: other work on the machine
	// shows up in the figures.
	LoadBefore string `json:"load_before,omitempty"`
	LoadAfter  string `json:"load_after,omitempty"`
	// PressureBefore and PressureAfter are the share of the last 60 s in
	// which some task waited for a CPU (/proc/pressure/cpu), where the
	// kernel has it: near 0 on a quiet machine.
	PressureBefore string `json:"cpu_pressure_before,omitempty"`
	PressureAfter  string `json:"cpu_pressure_after,omitempty"`
}

func (m Machine) String() string {
	s := fmt.Sprintf("%s, %d cores, %s, %s", m.CPU, m.Cores, m.GoVersion, m.OS)
	if m.Kernel != "" {
		s += ", Linux " + m.Kernel
	}
	if m.MemGiB > 0 {
		s += fmt.Sprintf(", %d GiB", m.MemGiB)
	}
	if m.TmpFS != "" {
		s += ", files on " + m.TmpFS
	}
	return s
}

// load says how busy the machine was with other work, before and after.
func (m Machine) load() string {
	var parts []string
	if m.LoadBefore != "" {
		parts = append(parts, fmt.Sprintf("load average (1, 5, 15 min) %s before, %s after", m.LoadBefore, m.LoadAfter))
	}
	if m.PressureBefore != "" {
		parts = append(parts, fmt.Sprintf("CPU pressure (share of the last minute some task waited for a core) %s before, %s after", m.PressureBefore, m.PressureAfter))
	}
	return strings.Join(parts, "; ")
}

// DescribeMachine gathers what can be known of this machine cheaply. Any
// part that cannot be read is left empty: the description never fails.
func DescribeMachine(ctx context.Context, tmpDir string) Machine {
	m := Machine{
		CPU:       cpuModel(),
		Cores:     runtime.NumCPU(),
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS + "/" + runtime.GOARCH,
		TmpDir:    tmpDir,
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output(); err == nil {
		if v := strings.TrimSpace(string(out)); v != "" {
			m.GoVersion = v
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	m.MemGiB = memGiB()
	m.TmpFS = fileSystemOf(tmpDir)
	m.LoadBefore = LoadAverage()
	m.PressureBefore = CPUPressure()
	return m
}

// cpuModel is the first processor's model name in /proc/cpuinfo, with its
// family and model numbers (a bare "AMD EPYC" names a dozen generations),
// or GOARCH where there is no /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	fields := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			break // the end of the first processor
		}
		k, v, ok := strings.Cut(line, ":")
		if ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	name := fields["model name"]
	if name == "" {
		name = fields["Hardware"] // some ARM kernels
	}
	if name == "" {
		name = runtime.GOARCH
	}
	if fam, mod := fields["cpu family"], fields["model"]; fam != "" && mod != "" {
		name += fmt.Sprintf(" (family %s, model %s)", fam, mod)
	}
	return name
}

func memGiB() int {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			var kb int
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return (kb + 1<<19) >> 20
		}
	}
	return 0
}

// fileSystemOf is the type and device of the file system dir is on, from
// /proc/mounts: the mount point that is the longest prefix of dir.
func fileSystemOf(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	b, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return ""
	}
	best, bestLen := "", -1
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		dev, mnt, typ := f[0], f[1], f[2]
		if mnt != "/" && abs != mnt && !strings.HasPrefix(abs, mnt+"/") {
			continue
		}
		if len(mnt) >= bestLen {
			best, bestLen = fmt.Sprintf("%s (%s)", typ, dev), len(mnt)
		}
	}
	return best
}

// LoadAverage is the first three fields of /proc/loadavg, or "" where there
// is none.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// CPUPressure is the share of the last 60 seconds in which some runnable
// task waited for a CPU, from /proc/pressure/cpu: "12.5%", or "" where the
// kernel does not say.
func CPUPressure() string {
	b, err := os.ReadFile("/proc/pressure/cpu")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "some ") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, "avg60="); ok {
				return v + "%"
			}
		}
	}
	return ""
}
