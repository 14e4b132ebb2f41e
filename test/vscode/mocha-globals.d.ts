// The integration suite runs under mocha's BDD interface (describe, it, before, …),
// which the runner installs as globals before it loads the suite bundle.
/// <reference types="mocha" />
