#!/bin/sh
# The example app's task (deploy.example.yaml): prints what a real deploy would, with a
# few lines for the chat room. Arguments: <task> <app> <ref> <env>.
set -eu
echo "::chat:: $1 of $2 at $3 to $4 starting (deploy $DEPLOY_ID)"
echo "resolving $3"
sleep 0.2
echo "::chat:: $2: build ok"
echo "uploading"
sleep 0.2
echo "::chat:: $2: $1 to $4 done"
