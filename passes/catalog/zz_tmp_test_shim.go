package catalog

// Temporary shim until blocking_table.go lands; delete it then.
var blockingFuncs = map[string]Entry{}
var methodRules []MethodRule
