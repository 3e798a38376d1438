const AWS = require('aws-sdk')

const sm = new AWS.SageMaker()

exports.handler = async (event) => {
  const { runId, modelName } = JSON.parse(event.body)
  const configName = `cfg-${runId}`
  if (!modelName) {
    return { statusCode: 400, body: JSON.stringify({ error: 'modelName is required' }) }
  }
  console.log(`creating endpoint for ${modelName}`)

  await sm
    .createEndpointConfig({
      EndpointConfigName: configName,
      ProductionVariants: [
        { VariantName: 'main', ModelName: modelName, InitialInstanceCount: 1, InstanceType: 'ml.m5.large' },
      ],
    })
    .promise()
  await sm.createEndpoint({ EndpointConfigName: configName, EndpointName: `ep-${runId}` }).promise()
  return { statusCode: 201, body: JSON.stringify({ endpoint: `ep-${runId}` }) }
}
