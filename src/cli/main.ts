/** The `skill-trainer` command. */
console.log('skill-trainer');
