torchserve --start --ncs --model-store model-store --models defects=defects.mar
