from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.models.detection.faster_rcnn import FasterRCNN


class ShelfDetector(FasterRCNN):
    def __init__(self, num_classes: int = 12, **kwargs) -> None:
        backbone = resnet_fpn_backbone(backbone_name="resnet50", weights=None)
        super().__init__(backbone, num_classes, **kwargs)
