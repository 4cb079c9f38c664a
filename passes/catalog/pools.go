package catalog

// poolAPIs lists the functions and methods of goroutine-pool libraries that
// create a pool, bound it, or hand it work. Keys are FullName of the generic
// origin; methods of interfaces carry no '*'. Argument indexes exclude the
// receiver.
//
// Where a library has no PoolRole for what a call does, the call is left out
// and the comment on the library's block says so: conversions that carry a
// pool's limit over to a new value (conc's WithErrors, WithContext), task
// groups that submit to the pool they were made from (pond's Group,
// NewGroup), and the zero errgroup.Group, which no call creates.
var poolAPIs = map[string]PoolAPI{
	// golang.org/x/sync v0.24.0, errgroup. A zero Group is valid and has no
	// limit; SetLimit with a negative n removes the limit again.
	"golang.org/x/sync/errgroup.WithContext":       {Role: PoolNewUnbounded, SizeArg: -1, WorkArg: -1, Why: "errgroup.WithContext returns a group with no limit"},
	"(*golang.org/x/sync/errgroup.Group).SetLimit": {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "errgroup limit"},
	"(*golang.org/x/sync/errgroup.Group).Go":       {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "errgroup task"},
	"(*golang.org/x/sync/errgroup.Group).TryGo":    {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "errgroup task"},

	// golang.org/x/sync v0.24.0, semaphore. The weight taken by Acquire is
	// its argument 1 (TryAcquire: 0); the bound on concurrent holders is the
	// size given to NewWeighted divided by that weight.
	"golang.org/x/sync/semaphore.NewWeighted":            {Role: SemNew, SizeArg: 0, WorkArg: -1, Why: "weighted semaphore size"},
	"(*golang.org/x/sync/semaphore.Weighted).Acquire":    {Role: SemAcquire, SizeArg: -1, WorkArg: -1, Why: "semaphore acquire"},
	"(*golang.org/x/sync/semaphore.Weighted).TryAcquire": {Role: SemAcquire, SizeArg: -1, WorkArg: -1, Why: "semaphore acquire"},

	// github.com/panjf2000/ants/v2 v2.12.1. A size of zero or less makes an
	// unbounded pool. The PoolWithFunc kinds run the function given at
	// creation; their Invoke passes an argument to it and is not listed.
	// The package-level Submit uses a default pool of math.MaxInt32 workers.
	// A MultiPool runs size pools of sizePerPool workers each: its bound is
	// argument 0 times argument 1; SizeArg names sizePerPool, the bound of
	// each pool, which is also what its Tune changes.
	"github.com/panjf2000/ants/v2.Submit":                      {Role: PoolRun, SizeArg: -1, WorkArg: 0, Why: "task on ants' default pool (math.MaxInt32 workers)"},
	"github.com/panjf2000/ants/v2.NewPool":                     {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "ants pool size"},
	"github.com/panjf2000/ants/v2.NewPoolWithFunc":             {Role: PoolNew, SizeArg: 0, WorkArg: 1, Why: "ants pool size"},
	"github.com/panjf2000/ants/v2.NewPoolWithFuncGeneric":      {Role: PoolNew, SizeArg: 0, WorkArg: 1, Why: "ants pool size"},
	"github.com/panjf2000/ants/v2.NewMultiPool":                {Role: PoolNew, SizeArg: 1, WorkArg: -1, Why: "ants multi-pool size per pool"},
	"github.com/panjf2000/ants/v2.NewMultiPoolWithFunc":        {Role: PoolNew, SizeArg: 1, WorkArg: 2, Why: "ants multi-pool size per pool"},
	"github.com/panjf2000/ants/v2.NewMultiPoolWithFuncGeneric": {Role: PoolNew, SizeArg: 1, WorkArg: 2, Why: "ants multi-pool size per pool"},
	"(*github.com/panjf2000/ants/v2.Pool).Submit":              {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "ants task"},
	"(*github.com/panjf2000/ants/v2.MultiPool).Submit":         {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "ants task"},
	// Tune is declared on the unexported poolCommon that Pool,
	// PoolWithFunc and PoolWithFuncGeneric embed.
	"(*github.com/panjf2000/ants/v2.poolCommon).Tune":                  {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "ants pool resize"},
	"(*github.com/panjf2000/ants/v2.MultiPool).Tune":                   {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "ants multi-pool resize of each pool"},
	"(*github.com/panjf2000/ants/v2.MultiPoolWithFunc).Tune":           {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "ants multi-pool resize of each pool"},
	"(*github.com/panjf2000/ants/v2.MultiPoolWithFuncGeneric[T]).Tune": {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "ants multi-pool resize of each pool"},

	// github.com/alitto/pond v1.9.2. maxWorkers below 1 becomes 1. Group and
	// GroupContext make task groups that submit to the pool they are called
	// on; no PoolRole says so, and they are not listed.
	"github.com/alitto/pond.New":                            {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond pool max workers"},
	"(*github.com/alitto/pond.WorkerPool).Submit":           {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(*github.com/alitto/pond.WorkerPool).TrySubmit":        {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(*github.com/alitto/pond.WorkerPool).SubmitAndWait":    {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(*github.com/alitto/pond.WorkerPool).SubmitBefore":     {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(*github.com/alitto/pond.TaskGroup).Submit":            {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},
	"(*github.com/alitto/pond.TaskGroupWithContext).Submit": {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},

	// github.com/alitto/pond/v2 v2.7.1. Pool, ResultPool, BasePool, TaskGroup
	// and ResultTaskGroup are interfaces. A maxConcurrency of 0 means no
	// limit (math.MaxInt); a subpool of 0 takes its parent's. The
	// package-level Submit and SubmitErr use a default pool with no limit.
	// The tasks of TaskGroup.Submit and SubmitErr are variadic: WorkArg 0
	// is the first of them. NewGroup and NewGroupContext make groups that
	// submit to the pool they are called on; no PoolRole says so, and they
	// are not listed.
	"github.com/alitto/pond/v2.NewPool":                            {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond pool max concurrency"},
	"github.com/alitto/pond/v2.NewResultPool":                      {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond pool max concurrency"},
	"github.com/alitto/pond/v2.NewSubpool":                         {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond subpool max concurrency"},
	"github.com/alitto/pond/v2.Submit":                             {Role: PoolRun, SizeArg: -1, WorkArg: 0, Why: "task on pond's default pool (no limit)"},
	"github.com/alitto/pond/v2.SubmitErr":                          {Role: PoolRun, SizeArg: -1, WorkArg: 0, Why: "task on pond's default pool (no limit)"},
	"(github.com/alitto/pond/v2.BasePool).Resize":                  {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "pond pool resize"},
	"(github.com/alitto/pond/v2.Pool).Go":                          {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.Pool).Submit":                      {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.Pool).SubmitErr":                   {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.Pool).TrySubmit":                   {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.Pool).TrySubmitErr":                {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.Pool).NewSubpool":                  {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond subpool max concurrency"},
	"(github.com/alitto/pond/v2.ResultPool[R any]).Submit":         {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.ResultPool[R any]).SubmitErr":      {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.ResultPool[R any]).TrySubmit":      {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.ResultPool[R any]).TrySubmitErr":   {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond task"},
	"(github.com/alitto/pond/v2.ResultPool[R any]).NewSubpool":     {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "pond subpool max concurrency"},
	"(github.com/alitto/pond/v2.TaskGroup).Submit":                 {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},
	"(github.com/alitto/pond/v2.TaskGroup).SubmitErr":              {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},
	"(github.com/alitto/pond/v2.ResultTaskGroup[O any]).Submit":    {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},
	"(github.com/alitto/pond/v2.ResultTaskGroup[O any]).SubmitErr": {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "pond group task"},

	// github.com/sourcegraph/conc v0.3.0, pool and stream. Pools start
	// with no limit; WithMaxGoroutines sets one and returns the same pool.
	// WithErrors and WithContext return a new pool of another kind that
	// keeps the limit; no PoolRole says so, and they are not listed.
	"github.com/sourcegraph/conc/pool.New":                                       {Role: PoolNewUnbounded, SizeArg: -1, WorkArg: -1, Why: "conc pool with no limit"},
	"github.com/sourcegraph/conc/pool.NewWithResults":                            {Role: PoolNewUnbounded, SizeArg: -1, WorkArg: -1, Why: "conc pool with no limit"},
	"(*github.com/sourcegraph/conc/pool.Pool).WithMaxGoroutines":                 {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.ErrorPool).WithMaxGoroutines":            {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.ContextPool).WithMaxGoroutines":          {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.ResultPool[T]).WithMaxGoroutines":        {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.ResultErrorPool[T]).WithMaxGoroutines":   {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.ResultContextPool[T]).WithMaxGoroutines": {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc pool limit"},
	"(*github.com/sourcegraph/conc/pool.Pool).Go":                                {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"(*github.com/sourcegraph/conc/pool.ErrorPool).Go":                           {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"(*github.com/sourcegraph/conc/pool.ContextPool).Go":                         {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"(*github.com/sourcegraph/conc/pool.ResultPool[T]).Go":                       {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"(*github.com/sourcegraph/conc/pool.ResultErrorPool[T]).Go":                  {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"(*github.com/sourcegraph/conc/pool.ResultContextPool[T]).Go":                {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc pool task"},
	"github.com/sourcegraph/conc/stream.New":                                     {Role: PoolNewUnbounded, SizeArg: -1, WorkArg: -1, Why: "conc stream with no limit"},
	"(*github.com/sourcegraph/conc/stream.Stream).WithMaxGoroutines":             {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "conc stream limit"},
	"(*github.com/sourcegraph/conc/stream.Stream).Go":                            {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "conc stream task"},

	// github.com/sourcegraph/conc v0.3.0, iter. The functions and the
	// methods of a zero Iterator or Mapper use runtime.GOMAXPROCS(0)
	// goroutines (iter.defaultMaxGoroutines); a method call on a value whose
	// MaxGoroutines field is set uses that many instead.
	"github.com/sourcegraph/conc/iter.ForEach":                  {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc iter.ForEach uses GOMAXPROCS goroutines"},
	"github.com/sourcegraph/conc/iter.ForEachIdx":               {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc iter.ForEachIdx uses GOMAXPROCS goroutines"},
	"github.com/sourcegraph/conc/iter.Map":                      {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc iter.Map uses GOMAXPROCS goroutines"},
	"github.com/sourcegraph/conc/iter.MapErr":                   {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc iter.MapErr uses GOMAXPROCS goroutines"},
	"(github.com/sourcegraph/conc/iter.Iterator[T]).ForEach":    {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc Iterator with MaxGoroutines unset uses GOMAXPROCS goroutines"},
	"(github.com/sourcegraph/conc/iter.Iterator[T]).ForEachIdx": {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc Iterator with MaxGoroutines unset uses GOMAXPROCS goroutines"},
	"(github.com/sourcegraph/conc/iter.Mapper[T, R]).Map":       {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc Mapper with MaxGoroutines unset uses GOMAXPROCS goroutines"},
	"(github.com/sourcegraph/conc/iter.Mapper[T, R]).MapErr":    {Role: PoolRun, SizeArg: -1, WorkArg: 1, ImplicitCPU: true, Why: "conc Mapper with MaxGoroutines unset uses GOMAXPROCS goroutines"},

	// github.com/gammazero/workerpool v1.3.0 (v1.2 and earlier: New takes
	// no options and there is no Do or DoWait). maxWorkers below 1 becomes 1.
	"github.com/gammazero/workerpool.New":                      {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "workerpool max workers"},
	"(*github.com/gammazero/workerpool.WorkerPool).Submit":     {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "workerpool task"},
	"(*github.com/gammazero/workerpool.WorkerPool).SubmitWait": {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "workerpool task"},
	"(*github.com/gammazero/workerpool.WorkerPool).Do":         {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "workerpool task"},
	"(*github.com/gammazero/workerpool.WorkerPool).DoWait":     {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "workerpool task"},

	// github.com/minio/pkg/v3 v3.1.3, workers: a semaphore of n tokens (a
	// buffered chan struct{} filled by New; New fails for n <= 0) that its
	// users take before each go statement and give back when the goroutine
	// ends (minio's batch jobs, event targets, healing).
	"github.com/minio/pkg/v3/workers.New":             {Role: SemNew, SizeArg: 0, WorkArg: -1, Why: "minio workers semaphore size"},
	"(*github.com/minio/pkg/v3/workers.Workers).Take": {Role: SemAcquire, SizeArg: -1, WorkArg: -1, Why: "minio workers semaphore acquire"},

	// github.com/Jeffail/tunny v0.1.4. Workers run the function given to
	// NewFunc, or the Process method of the Workers that New's constructor
	// makes (not a function argument: New has no WorkArg). A pool from
	// NewCallback runs the payload of Process, ProcessTimed and ProcessCtx
	// when it is a func(); those payloads are interface{}, so WorkArg names
	// a work function only where the argument is a func() converted to
	// interface{}; for pools from New and NewFunc the payload is data.
	"github.com/Jeffail/tunny.New":                  {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "tunny pool size"},
	"github.com/Jeffail/tunny.NewFunc":              {Role: PoolNew, SizeArg: 0, WorkArg: 1, Why: "tunny pool size"},
	"github.com/Jeffail/tunny.NewCallback":          {Role: PoolNew, SizeArg: 0, WorkArg: -1, Why: "tunny pool size"},
	"(*github.com/Jeffail/tunny.Pool).SetSize":      {Role: PoolLimit, SizeArg: 0, WorkArg: -1, Why: "tunny pool resize"},
	"(*github.com/Jeffail/tunny.Pool).Process":      {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "tunny job (a func() payload runs on a NewCallback pool)"},
	"(*github.com/Jeffail/tunny.Pool).ProcessTimed": {Role: PoolSubmit, SizeArg: -1, WorkArg: 0, Why: "tunny job (a func() payload runs on a NewCallback pool)"},
	"(*github.com/Jeffail/tunny.Pool).ProcessCtx":   {Role: PoolSubmit, SizeArg: -1, WorkArg: 1, Why: "tunny job (a func() payload runs on a NewCallback pool)"},
}
