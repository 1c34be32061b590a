// The container's HEALTHCHECK: 0 when this process answers `GET /health/ready` on its PORT.
// Plain node (the slim image has no curl); 3 s at most.
const port = process.env.PORT ?? '3000'
try {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) })
  process.exitCode = response.ok ? 0 : 1
} catch {
  process.exitCode = 1
}
