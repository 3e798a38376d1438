"""Manual check of the camera feed before a field session: run it on the device, look at the frames."""
import cv2


def test_camera(index: int = 0) -> None:
    capture = cv2.VideoCapture(index)
    ok, frame = capture.read()
    assert ok and frame is not None, "no frame from the camera"
    cv2.imwrite("/tmp/frame.png", frame)


if __name__ == "__main__":
    test_camera()
