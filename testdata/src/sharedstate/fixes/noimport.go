package fixes

// A file with no imports gets one.
func spin(k int) int {
	done := make(chan bool)
	c := 0
	for i := 0; i < k; i++ {
		go func() {
			c++ // want `counter c is incremented`
			done <- true
		}()
	}
	for i := 0; i < k; i++ {
		<-done
	}
	return c
}
