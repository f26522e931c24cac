// kashif/worker (kashif-worker.js) is a module worker script: it exports nothing. The element
// starts it itself; its messages are described in messages.js.
export {};
