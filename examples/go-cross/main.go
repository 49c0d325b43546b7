// The Go example: the builder stage compiles this; the runtime image holds only the binary.
package main

import "fmt"

func main() {
	fmt.Println("Hello from Go, built by Stevedore in a multi-stage build!")
}
