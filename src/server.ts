import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'

// The standalone host: read the configuration, build the app, listen, and on SIGTERM or
// SIGINT stop accepting, finish what is in flight, close Redis and exit.

function readConfig (): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`authgate: invalid configuration: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}

const config = readConfig()
const app = await buildApp(config)

// close-with-grace exits 1 when closing fails or outlasts the delay: say so in our log.
const graceLog = { error: (problem: unknown) => { app.log.error(problem instanceof Error ? { err: problem } : {}, String(problem)) } }

closeWithGrace({ delay: 10_000, logger: graceLog }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
  else app.log.info({ signal }, 'closing gracefully')
  await app.close()
  app.log.info('closed: requests in flight answered, store connection released')
})

await app.listen({ host: config.host, port: config.port })
