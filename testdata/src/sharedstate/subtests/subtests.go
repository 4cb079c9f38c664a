package subtests

func Check(s string) error { return nil }

type Config struct{ Title string }

var Default = Config{Title: "x"}

// Configure writes the default only when a user has changed it.
func Configure() Config {
	if Default.Title != "x" {
		Default.Title = "x"
	}
	return Default
}
