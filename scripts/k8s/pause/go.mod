// The pod sandbox ("pause") image's program for the local k3s cluster (scripts/k8s/build.sh pause):
// no image registry is reachable here, so the sandbox image is built from this instead of pulled.
module todo-chatbot/pause

go 1.22
