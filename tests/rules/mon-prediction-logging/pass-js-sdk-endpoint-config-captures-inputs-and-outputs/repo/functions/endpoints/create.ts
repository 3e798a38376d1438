import { CreateEndpointConfigCommand, CreateEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker'

const client = new SageMakerClient({})

export async function createEndpoint(runId: string, modelName: string, captureBucket: string): Promise<string> {
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `cfg-${runId}`,
      ProductionVariants: [{ VariantName: 'main', ModelName: modelName, InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: `s3://${captureBucket}/capture`,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      },
    }),
  )
  await client.send(new CreateEndpointCommand({ EndpointConfigName: `cfg-${runId}`, EndpointName: `ep-${runId}` }))
  return `ep-${runId}`
}
