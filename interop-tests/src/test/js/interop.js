'use strict'
// Drives nsqjs (a real NSQ client written by others) against an nsqd, for the Java interop tests.
//
// Reads one JSON plan on stdin:
//   {
//     "nsqd": "127.0.0.1:4150",            nsqd TCP address
//     "topic": "t", "channel": "c",
//     "timeoutMs": 20000,                  hard limit for this whole script
//     "consume": {                         optional: a Reader connected straight to nsqd (nsqdTCPAddresses)
//       "expect": ["a", "b"],              bodies to receive (each exactly once, once more if requeued)
//       "requeue": ["b"],                  bodies to requeue (delay 0, no backoff) on their first attempt
//       "maxInFlight": 1,
//       "lookupd": ["127.0.0.1:4161"]      optional: find the nsqds through these nsqlookupd HTTP addresses instead
//     },
//     "clientOptions": {"snappy": true},   optional: nsqjs options for both; "caFile", "certFile" and "keyFile"
//                                          are read into its "ca", "cert" and "key" (PEM) for TLS
//     "publish": {                         optional: a Writer; runs once the Reader (if any) is subscribed
//       "pub": ["a"],                      one PUB each, in order
//       "mpub": ["b", "c"],                one MPUB (at least two bodies)
//       "dpub": {"delayMs": 500, "bodies": ["d"]}   one DPUB each
//     }
//   }
//
// Writes one JSON event a line on stdout: {"event":"subscribed"} once the Reader is subscribed (with lookupd:
// once it connected to its first nsqd),
// {"event":"published",...} once every publish was acknowledged, then exactly one of
// {"event":"summary",...} (exit 0), {"event":"timeout",...} (exit 3) or {"event":"error",...} (exit 4).
// Set DEBUG=nsqjs:* for nsqjs's own protocol trace on stderr.

const fs = require('fs')
const nsq = require('nsqjs')

const EXIT_TIMEOUT = 3
const EXIT_ERROR = 4

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n')
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = []
    process.stdin.on('data', (chunk) => chunks.push(chunk))
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    process.stdin.on('error', reject)
  })
}

function splitHostPort(address) {
  const i = address.lastIndexOf(':')
  return [address.slice(0, i), Number(address.slice(i + 1))]
}

/** The plan's nsqjs options, with the PEM files it names read into the Buffers nsqjs takes. */
function clientOptions(plan) {
  const {caFile, certFile, keyFile, ...options} = plan.clientOptions || {}
  if (caFile) options.ca = fs.readFileSync(caFile)
  if (certFile) options.cert = fs.readFileSync(certFile)
  if (keyFile) options.key = fs.readFileSync(keyFile)
  return options
}

/** A Reader that receives the expected bodies, requeues some once, and FINs everything. */
function startConsumer(plan, state, onDone, onError) {
  const {expect, requeue = [], maxInFlight = 1, lookupd} = plan.consume
  const toRequeue = new Set(requeue)
  // A body is done once FINed; a requeued body needs a second delivery before it is.
  const pending = new Set(expect)
  const reader = new nsq.Reader(plan.topic, plan.channel, {
    ...clientOptions(plan),
    ...(lookupd ? {lookupdHTTPAddresses: lookupd, lookupdPollInterval: 1} : {nsqdTCPAddresses: [plan.nsqd]}),
    maxInFlight,
  })
  reader.on(nsq.Reader.ERROR, (err) => onError('reader', err))
  reader.on(nsq.Reader.MESSAGE, (msg) => {
    const body = msg.body.toString('utf8')
    state.received.push({
      body,
      id: msg.id,
      attempts: msg.attempts,
      atMillis: Date.now() - state.startMs,
    })
    if (msg.attempts === 1 && toRequeue.has(body)) {
      msg.requeue(0, false)
      return
    }
    msg.finish()
    pending.delete(body)
    if (pending.size === 0) {
      onDone()
    }
  })
  reader.connect()
  return reader
}

function publishOne(writer, topic, msgs) {
  return new Promise((resolve, reject) => {
    writer.publish(topic, msgs, (err) => (err ? reject(err) : resolve()))
  })
}

function deferOne(writer, topic, body, delayMs) {
  return new Promise((resolve, reject) => {
    // nsqjs wants the deferred message wrapped in a one-element list.
    writer.deferPublish(topic, [body], delayMs, (err) => (err ? reject(err) : resolve()))
  })
}

/** A Writer that publishes the plan in order, each step waiting for nsqd's OK. */
async function publishAll(plan, state, onError) {
  const {pub = [], mpub = [], dpub} = plan.publish
  const [host, port] = splitHostPort(plan.nsqd)
  const writer = new nsq.Writer(host, port, clientOptions(plan))
  writer.on(nsq.Writer.ERROR, (err) => onError('writer', err))
  const ready = new Promise((resolve) => writer.once(nsq.Writer.READY, resolve))
  writer.connect()
  await ready
  const published = {pub: 0, mpub: 0, dpub: 0}
  for (const body of pub) {
    await publishOne(writer, plan.topic, body)
    published.pub++
  }
  if (mpub.length > 0) {
    if (mpub.length < 2) throw new Error('mpub needs at least two bodies, or nsqjs sends a PUB')
    await publishOne(writer, plan.topic, mpub)
    published.mpub = mpub.length
  }
  if (dpub) {
    for (const body of dpub.bodies) {
      state.deferredAtMillis[body] = Date.now() - state.startMs
      await deferOne(writer, plan.topic, body, dpub.delayMs)
      published.dpub++
    }
  }
  return {writer, published}
}

async function main() {
  const plan = JSON.parse(await readStdin())
  const state = {startMs: Date.now(), received: [], deferredAtMillis: {}, published: null}
  let reader = null
  let writer = null
  let finished = false
  let hardLimit = null

  const finish = (event, exitCode) => {
    if (finished) return
    finished = true
    clearTimeout(hardLimit)
    emit({...event, published: state.published, received: state.received, deferredAtMillis: state.deferredAtMillis})
    if (exitCode !== 0) process.exit(exitCode)
    // Close politely (CLS); with both closed nothing keeps the event loop alive and node exits 0.
    if (reader) reader.close()
    if (writer) writer.close()
  }
  const fail = (who, err) => {
    const message = String(err && err.stack ? err.stack : err)
    finish({event: 'error', who, message}, EXIT_ERROR)
  }
  hardLimit = setTimeout(() => {
    finish({event: 'timeout', message: `no result within ${plan.timeoutMs} ms`}, EXIT_TIMEOUT)
  }, plan.timeoutMs)

  try {
    let consumed = Promise.resolve()
    if (plan.consume) {
      let done
      consumed = new Promise((resolve) => (done = resolve))
      await new Promise((resolve) => {
        reader = startConsumer(plan, state, done, fail)
        // nsqjs emits READY only when its first connection is ready while it is its only one, which a Reader
        // that found several nsqds at once never sees: with lookupd, the Java side checks every subscription.
        reader.once(plan.consume.lookupd ? nsq.Reader.NSQD_CONNECTED : nsq.Reader.READY, resolve)
      })
      emit({event: 'subscribed'})
    }
    if (plan.publish) {
      const result = await publishAll(plan, state, fail)
      writer = result.writer
      state.published = result.published
      emit({event: 'published', published: state.published})
    }
    await consumed
    finish({event: 'summary'}, 0)
  } catch (err) {
    fail('script', err)
  }
}

main().catch((err) => {
  emit({event: 'error', who: 'script', message: String(err && err.stack ? err.stack : err)})
  process.exit(EXIT_ERROR)
})
