from detector.boxes import iou


def test_identical_boxes_overlap_fully():
    assert iou((0, 0, 2, 2), (0, 0, 2, 2)) == 1.0


def test_disjoint_boxes_do_not_overlap():
    assert iou((0, 0, 1, 1), (2, 2, 3, 3)) == 0.0
