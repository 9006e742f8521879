// The IMPORTS queue consumer: runs one slice of a confirmed CSV upload and enqueues the next until it is done.
import { createDb } from "../db/client"
import { runStoredImport, type ImportMessage } from "../services/import-uploads"

export async function runImportSlices(batch: MessageBatch<ImportMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB)
  for (const message of batch.messages) {
    const { orgId, importId, actor } = message.body
    try {
      const done = await runStoredImport(env, db, orgId, actor, importId)
      if (!done) await env.IMPORTS.send(message.body, { contentType: "json" })
      message.ack()
    } catch (err) {
      console.error("import slice failed", importId, err)
      message.retry({ delaySeconds: 5 * message.attempts })
    }
  }
}
