// --pre-js of the programs that run under node (digitlab-train, digitlab-bench, the unit tests).
// With NODERAWFS, Emscripten 3.1.69 closes the real stdout and stderr when the program exits; a
// pthread's last message can still arrive after that ("received cleanupThread command from
// terminated worker"), its write fails with EBADF, and node would exit with 1 after a clean run.
// Output after the exit is dropped instead.
Module['print'] = (...args) => { try { require('fs').writeSync(1, args.join(' ') + '\n'); } catch (e) {} };
Module['printErr'] = (...args) => { try { require('fs').writeSync(2, args.join(' ') + '\n'); } catch (e) {} };
