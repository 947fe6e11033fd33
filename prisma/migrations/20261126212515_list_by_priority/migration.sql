-- CreateIndex
CREATE INDEX "Task_userId_status_priority_id_idx" ON "Task"("userId", "status", "priority", "id");
