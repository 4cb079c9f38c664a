package catalog

import "go/types"

// CPUCost says how a CPU-heavy call's cost grows.
type CPUCost uint8

const (
	// CostFixedHeavy is heavy on every call whatever the input: bcrypt,
	// scrypt, argon2, pbkdf2, RSA key generation and private-key operations,
	// big.Int exponentiation with large operands, x509 chain verification.
	CostFixedHeavy CPUCost = iota + 1
	// CostLinear is linear in the size of its input: hashing, compression,
	// encoding/json Marshal and Unmarshal, image decode and encode, template
	// execution.
	CostLinear
	// CostNLogN is sorting.
	CostNLogN
	// CostCompile is compiling a pattern (a regexp, a template): cheap once,
	// heavy when done per request or in a loop.
	CostCompile
)

var cpuCostNames = [...]string{
	CostFixedHeavy: "fixed heavy",
	CostLinear:     "linear",
	CostNLogN:      "n log n",
	CostCompile:    "compile",
}

func (c CPUCost) String() string {
	if int(c) < len(cpuCostNames) && cpuCostNames[c] != "" {
		return cpuCostNames[c]
	}
	return "unknown"
}

// CPUEntry describes one known CPU-heavy function.
type CPUEntry struct {
	Cost CPUCost
	// Input is the index, among the parameters (the receiver not counted),
	// of the argument whose size drives a CostLinear or CostNLogN cost; -1
	// when the receiver drives it (a decoder reading its stream) or nothing
	// does, and always -1 for CostFixedHeavy and CostCompile.
	Input int
	Why   string // a few words for the user: "bcrypt password hash"
}

// LookupCPU returns what the catalog knows of fn's CPU cost, or false when
// fn is not known to be CPU-heavy.
func LookupCPU(fn *types.Func) (CPUEntry, bool) {
	if fn == nil {
		return CPUEntry{}, false
	}
	if e, ok := userCPU(fn); ok {
		return e, true
	}
	e, ok := cpuHeavy[FullName(fn)]
	return e, ok
}

// cpuHeavy lists functions and methods known to be CPU-heavy, keyed by
// types.Func.FullName of the generic origin, like blockingFuncs. Every
// standard-library key was checked against the source of Go 1.26.8
// (GOOS=linux); third-party keys against the module version named above
// their block.
//
// Left out on purpose:
//   - crypto/hkdf, crypto/hmac, crypto/aes and the AEADs: cheap per call,
//     and linear only through Write/Seal on values the catalog cannot key.
//   - crypto/ecdsa.GenerateKey and Sign, crypto/ed25519, crypto/ecdh: cheap,
//     about 15 µs for P-256 and Ed25519 (0.6 ms for the rarely used P-521).
//   - RSA public-key operations (VerifyPKCS1v15, VerifyPSS, EncryptOAEP,
//     EncryptPKCS1v15): tens of µs with e = 65537.
//   - (crypto.Signer).Sign and (crypto.Decrypter).Decrypt: the cost is the
//     key's, RSA or not; (*rsa.PrivateKey).Sign and Decrypt are listed.
//   - (hash.Hash).Write: its FullName is (io.Writer).Write, which names every
//     writer; hashing through New()+Write is not in the table.
//   - gzip.NewReader, zlib.NewReader, flate.NewReader: they read a header and
//     allocate a few tens of KB; the decompression is in Read, listed below
//     on the concrete reader types.
//   - (*gzip.Writer).Close/Flush and friends: they compress at most what is
//     still buffered (one window).
//   - archive/zip and archive/tar: their writers compress through a flate
//     writer behind an io.Writer, which the catalog cannot key.
//   - image.DecodeConfig and the per-format DecodeConfig: header only.
//   - encoding/json/v2 and encoding/json/jsontext: built only with
//     GOEXPERIMENT=jsonv2 in Go 1.26.
//   - crypto/x509.CreateCertificate: its cost is that of the signing key.
//   - Third-party serialisers and codecs (protobuf, klauspost/compress,
//     h2non/bimg): not verified here.
var cpuHeavy = map[string]CPUEntry{
	// ---- password hashing and key derivation ----
	// golang.org/x/crypto v0.58.0.
	"golang.org/x/crypto/bcrypt.GenerateFromPassword":   {CostFixedHeavy, -1, "bcrypt password hash"},
	"golang.org/x/crypto/bcrypt.CompareHashAndPassword": {CostFixedHeavy, -1, "bcrypt password check"},
	"golang.org/x/crypto/scrypt.Key":                    {CostFixedHeavy, -1, "scrypt key derivation"},
	"golang.org/x/crypto/argon2.Key":                    {CostFixedHeavy, -1, "argon2i key derivation"},
	"golang.org/x/crypto/argon2.IDKey":                  {CostFixedHeavy, -1, "argon2id key derivation"},
	"golang.org/x/crypto/pbkdf2.Key":                    {CostFixedHeavy, -1, "PBKDF2 key derivation"},
	// Go 1.26.8.
	"crypto/pbkdf2.Key": {CostFixedHeavy, -1, "PBKDF2 key derivation"},

	// ---- public-key cryptography (Go 1.26.8) ----
	"crypto/rsa.GenerateKey":                     {CostFixedHeavy, -1, "RSA key generation"},
	"crypto/rsa.GenerateMultiPrimeKey":           {CostFixedHeavy, -1, "RSA key generation"},
	"crypto/rsa.SignPKCS1v15":                    {CostFixedHeavy, -1, "RSA private-key signature"},
	"crypto/rsa.SignPSS":                         {CostFixedHeavy, -1, "RSA private-key signature"},
	"crypto/rsa.DecryptPKCS1v15":                 {CostFixedHeavy, -1, "RSA private-key decryption"},
	"crypto/rsa.DecryptPKCS1v15SessionKey":       {CostFixedHeavy, -1, "RSA private-key decryption"},
	"crypto/rsa.DecryptOAEP":                     {CostFixedHeavy, -1, "RSA private-key decryption"},
	"(*crypto/rsa.PrivateKey).Sign":              {CostFixedHeavy, -1, "RSA private-key signature"},
	"(*crypto/rsa.PrivateKey).Decrypt":           {CostFixedHeavy, -1, "RSA private-key decryption"},
	"crypto/dsa.GenerateParameters":              {CostFixedHeavy, -1, "DSA prime search"},
	"crypto/rand.Prime":                          {CostFixedHeavy, -1, "random prime search"},
	"(*math/big.Int).Exp":                        {CostFixedHeavy, -1, "modular exponentiation, heavy for large operands"},
	"(*math/big.Int).ProbablyPrime":              {CostFixedHeavy, -1, "primality test"},
	"(*crypto/x509.Certificate).Verify":          {CostFixedHeavy, -1, "certificate chain building and signature checks"},
	"crypto/x509.ParseCertificate":               {CostLinear, 0, "certificate parsing"},
	"crypto/x509.ParseCertificates":              {CostLinear, 0, "certificate parsing"},
	"crypto/x509.ParseCertificateRequest":        {CostLinear, 0, "certificate request parsing"},
	"(*crypto/x509.CertPool).AppendCertsFromPEM": {CostLinear, 0, "PEM decoding and certificate parsing"},

	// ---- hashing: linear in the data, about 0.5-2 GB/s (Go 1.26.8) ----
	"crypto/sha256.Sum256":     {CostLinear, 0, "SHA-256 hash"},
	"crypto/sha256.Sum224":     {CostLinear, 0, "SHA-224 hash"},
	"crypto/sha512.Sum512":     {CostLinear, 0, "SHA-512 hash"},
	"crypto/sha512.Sum384":     {CostLinear, 0, "SHA-384 hash"},
	"crypto/sha512.Sum512_224": {CostLinear, 0, "SHA-512/224 hash"},
	"crypto/sha512.Sum512_256": {CostLinear, 0, "SHA-512/256 hash"},
	"crypto/sha1.Sum":          {CostLinear, 0, "SHA-1 hash"},
	"crypto/md5.Sum":           {CostLinear, 0, "MD5 hash"},
	"crypto/sha3.Sum224":       {CostLinear, 0, "SHA3-224 hash"},
	"crypto/sha3.Sum256":       {CostLinear, 0, "SHA3-256 hash"},
	"crypto/sha3.Sum384":       {CostLinear, 0, "SHA3-384 hash"},
	"crypto/sha3.Sum512":       {CostLinear, 0, "SHA3-512 hash"},
	"crypto/sha3.SumSHAKE128":  {CostLinear, 0, "SHAKE128 hash"},
	"crypto/sha3.SumSHAKE256":  {CostLinear, 0, "SHAKE256 hash"},
	// Checksums run at several GB/s: heavy only on large inputs.
	"hash/crc32.ChecksumIEEE": {CostLinear, 0, "CRC-32 checksum"},
	"hash/crc32.Checksum":     {CostLinear, 0, "CRC-32 checksum"},
	"hash/crc32.Update":       {CostLinear, 2, "CRC-32 checksum"},
	"hash/crc64.Checksum":     {CostLinear, 0, "CRC-64 checksum"},
	"hash/crc64.Update":       {CostLinear, 2, "CRC-64 checksum"},
	"hash/adler32.Checksum":   {CostLinear, 0, "Adler-32 checksum"},
	// golang.org/x/crypto v0.58.0.
	"golang.org/x/crypto/blake2b.Sum256": {CostLinear, 0, "BLAKE2b hash"},
	"golang.org/x/crypto/blake2b.Sum384": {CostLinear, 0, "BLAKE2b hash"},
	"golang.org/x/crypto/blake2b.Sum512": {CostLinear, 0, "BLAKE2b hash"},
	"golang.org/x/crypto/blake2s.Sum256": {CostLinear, 0, "BLAKE2s hash"},

	// ---- compression (Go 1.26.8) ----
	// flate.NewWriter allocates and clears about 1 MB of compressor state
	// (about 1 ms measured); gzip and zlib writers do the same on their
	// first Write or on Close, so a writer made per call pays it every
	// time. Pool writers and Reset them.
	"compress/flate.NewWriter":         {CostFixedHeavy, -1, "allocates about 1 MB of compressor state"},
	"compress/flate.NewWriterDict":     {CostFixedHeavy, -1, "allocates about 1 MB of compressor state"},
	"compress/gzip.NewWriter":          {CostFixedHeavy, -1, "a new gzip writer allocates about 1 MB of compressor state on first use"},
	"compress/gzip.NewWriterLevel":     {CostFixedHeavy, -1, "a new gzip writer allocates about 1 MB of compressor state on first use"},
	"compress/zlib.NewWriter":          {CostFixedHeavy, -1, "a new zlib writer allocates about 1 MB of compressor state on first use"},
	"compress/zlib.NewWriterLevel":     {CostFixedHeavy, -1, "a new zlib writer allocates about 1 MB of compressor state on first use"},
	"compress/zlib.NewWriterLevelDict": {CostFixedHeavy, -1, "a new zlib writer allocates about 1 MB of compressor state on first use"},
	"(*compress/flate.Writer).Write":   {CostLinear, 0, "DEFLATE compression"},
	"(*compress/gzip.Writer).Write":    {CostLinear, 0, "gzip compression"},
	"(*compress/zlib.Writer).Write":    {CostLinear, 0, "zlib compression"},
	"(*compress/lzw.Writer).Write":     {CostLinear, 0, "LZW compression"},
	"(*compress/gzip.Reader).Read":     {CostLinear, 0, "gzip decompression"},
	"(*compress/lzw.Reader).Read":      {CostLinear, 0, "LZW decompression"},
	// Unexported: what flate.NewReader, zlib.NewReader and bzip2.NewReader
	// return behind io.ReadCloser or io.Reader, for when the passes know the
	// dynamic type.
	"(*compress/flate.decompressor).Read": {CostLinear, 0, "DEFLATE decompression"},
	"(*compress/zlib.reader).Read":        {CostLinear, 0, "zlib decompression"},
	"(*compress/bzip2.reader).Read":       {CostLinear, 0, "bzip2 decompression"},

	// ---- images: linear in pixels (Go 1.26.8) ----
	"image.Decode":                {CostLinear, 0, "image decoding"},
	"image/png.Decode":            {CostLinear, 0, "PNG decoding"},
	"image/png.Encode":            {CostLinear, 1, "PNG encoding"},
	"(*image/png.Encoder).Encode": {CostLinear, 1, "PNG encoding"},
	"image/jpeg.Decode":           {CostLinear, 0, "JPEG decoding"},
	"image/jpeg.Encode":           {CostLinear, 1, "JPEG encoding"},
	"image/gif.Decode":            {CostLinear, 0, "GIF decoding"},
	"image/gif.DecodeAll":         {CostLinear, 0, "GIF decoding"},
	"image/gif.Encode":            {CostLinear, 1, "GIF encoding with quantization"},
	"image/gif.EncodeAll":         {CostLinear, 1, "GIF encoding"},
	"image/draw.Draw":             {CostLinear, 2, "pixel compositing"},
	"image/draw.DrawMask":         {CostLinear, 2, "pixel compositing"},
	"(image/draw.Drawer).Draw":    {CostLinear, 2, "pixel compositing"},
	"(image/draw.Op).Draw":        {CostLinear, 2, "pixel compositing"},
	// golang.org/x/image v0.47.0. draw.NearestNeighbor and ApproxBiLinear
	// are Interpolator values: their Scale and Transform are those of the
	// embedded Scaler and Transformer interfaces. BiLinear and CatmullRom
	// are *Kernel.
	"golang.org/x/image/draw.Copy":                    {CostLinear, 2, "pixel copying"},
	"golang.org/x/image/draw.Draw":                    {CostLinear, 2, "pixel compositing"},
	"golang.org/x/image/draw.DrawMask":                {CostLinear, 2, "pixel compositing"},
	"(golang.org/x/image/draw.Scaler).Scale":          {CostLinear, 2, "image scaling"},
	"(golang.org/x/image/draw.Transformer).Transform": {CostLinear, 2, "image transformation"},
	"(*golang.org/x/image/draw.Kernel).Scale":         {CostLinear, 2, "image scaling with a kernel"},
	"(*golang.org/x/image/draw.Kernel).Transform":     {CostLinear, 2, "image transformation with a kernel"},
	// github.com/disintegration/imaging v1.6.2: these fan out over
	// runtime.GOMAXPROCS(0) goroutines per call (utils.go, parallel); the
	// SetMaxProcs knob some write-ups mention is not in any release.
	"github.com/disintegration/imaging.Resize":    {CostLinear, 0, "image resizing on GOMAXPROCS goroutines"},
	"github.com/disintegration/imaging.Fit":       {CostLinear, 0, "image resizing on GOMAXPROCS goroutines"},
	"github.com/disintegration/imaging.Fill":      {CostLinear, 0, "image resizing on GOMAXPROCS goroutines"},
	"github.com/disintegration/imaging.Thumbnail": {CostLinear, 0, "image resizing on GOMAXPROCS goroutines"},
	"github.com/disintegration/imaging.Blur":      {CostLinear, 0, "image blur on GOMAXPROCS goroutines"},
	"github.com/disintegration/imaging.Sharpen":   {CostLinear, 0, "image sharpening on GOMAXPROCS goroutines"},

	// ---- encoding: linear in the value, reflection-driven (Go 1.26.8) ----
	// A Decode reads its size from the receiver's stream: Input -1.
	"encoding/json.Marshal":                 {CostLinear, 0, "JSON encoding"},
	"encoding/json.MarshalIndent":           {CostLinear, 0, "JSON encoding"},
	"encoding/json.Unmarshal":               {CostLinear, 0, "JSON decoding"},
	"encoding/json.Indent":                  {CostLinear, 1, "JSON reformatting"},
	"encoding/json.Compact":                 {CostLinear, 1, "JSON reformatting"},
	"encoding/json.Valid":                   {CostLinear, 0, "JSON validation"},
	"encoding/json.HTMLEscape":              {CostLinear, 1, "JSON escaping"},
	"(*encoding/json.Encoder).Encode":       {CostLinear, 0, "JSON encoding"},
	"(*encoding/json.Decoder).Decode":       {CostLinear, -1, "JSON decoding"},
	"encoding/xml.Marshal":                  {CostLinear, 0, "XML encoding"},
	"encoding/xml.MarshalIndent":            {CostLinear, 0, "XML encoding"},
	"encoding/xml.Unmarshal":                {CostLinear, 0, "XML decoding"},
	"(*encoding/xml.Encoder).Encode":        {CostLinear, 0, "XML encoding"},
	"(*encoding/xml.Encoder).EncodeElement": {CostLinear, 0, "XML encoding"},
	"(*encoding/xml.Decoder).Decode":        {CostLinear, -1, "XML decoding"},
	"(*encoding/xml.Decoder).DecodeElement": {CostLinear, -1, "XML decoding"},
	"(*encoding/gob.Encoder).Encode":        {CostLinear, 0, "gob encoding"},
	"(*encoding/gob.Decoder).Decode":        {CostLinear, -1, "gob decoding"},
	"(*encoding/csv.Reader).ReadAll":        {CostLinear, -1, "CSV parsing of a whole stream"},

	// ---- templates (Go 1.26.8) ----
	"(*text/template.Template).Execute":         {CostLinear, 1, "template execution"},
	"(*text/template.Template).ExecuteTemplate": {CostLinear, 2, "template execution"},
	"(*html/template.Template).Execute":         {CostLinear, 1, "template execution with escaping"},
	"(*html/template.Template).ExecuteTemplate": {CostLinear, 2, "template execution with escaping"},
	"(*text/template.Template).Parse":           {CostCompile, -1, "template parsing"},
	"(*html/template.Template).Parse":           {CostCompile, -1, "template parsing"},

	// ---- sorting (Go 1.26.8) ----
	"sort.Sort":             {CostNLogN, 0, "sorting"},
	"sort.Stable":           {CostNLogN, 0, "stable sorting"},
	"sort.Slice":            {CostNLogN, 0, "sorting"},
	"sort.SliceStable":      {CostNLogN, 0, "stable sorting"},
	"sort.Strings":          {CostNLogN, 0, "sorting"},
	"sort.Ints":             {CostNLogN, 0, "sorting"},
	"sort.Float64s":         {CostNLogN, 0, "sorting"},
	"slices.Sort":           {CostNLogN, 0, "sorting"},
	"slices.SortFunc":       {CostNLogN, 0, "sorting"},
	"slices.SortStableFunc": {CostNLogN, 0, "stable sorting"},

	// ---- regular expressions (Go 1.26.8) ----
	// regexp.Match, MatchString and MatchReader compile their pattern on
	// every call (staticcheck SA6000 reports them in loops).
	"regexp.Compile":          {CostCompile, -1, "regexp compilation"},
	"regexp.MustCompile":      {CostCompile, -1, "regexp compilation"},
	"regexp.CompilePOSIX":     {CostCompile, -1, "regexp compilation"},
	"regexp.MustCompilePOSIX": {CostCompile, -1, "regexp compilation"},
	"regexp.Match":            {CostCompile, -1, "compiles its pattern on every call"},
	"regexp.MatchString":      {CostCompile, -1, "compiles its pattern on every call"},
	"regexp.MatchReader":      {CostCompile, -1, "compiles its pattern on every call"},

	// ---- Go tooling (Go 1.26.8) ----
	// ParseFile and ParseExprFrom read the file when src is nil.
	"go/parser.ParseFile":      {CostLinear, 2, "Go parsing"},
	"go/parser.ParseExprFrom":  {CostLinear, 2, "Go parsing"},
	"go/parser.ParseExpr":      {CostLinear, 0, "Go parsing"},
	"go/parser.ParseDir":       {CostLinear, -1, "parses every Go file in a directory"},
	"go/format.Source":         {CostLinear, 0, "Go parsing and printing"},
	"go/format.Node":           {CostLinear, 2, "Go printing"},
	"(*go/types.Config).Check": {CostLinear, 2, "Go type checking"},

	// ---- the runtime (Go 1.26.8) ----
	"runtime.GC":                 {CostFixedHeavy, -1, "forces a full garbage collection"},
	"runtime/debug.FreeOSMemory": {CostFixedHeavy, -1, "forces a full garbage collection and returns memory to the OS"},
}
