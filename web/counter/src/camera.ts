/**
 * The photo from the counter's webcam: a live view with a 3:4 guide, a
 * capture cropped to the guide (600 x 800, JPEG), and a retake. The photo
 * never leaves this page until the draft is sent.
 */
import { word, type Lang } from './words';

const WIDTH = 600;
const HEIGHT = 800;

let stream: MediaStream | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Starts the camera in the view. */
export async function openCamera(lang: Lang): Promise<void> {
  const error = $('photo-error');
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  } catch {
    error.textContent = word(lang, 'cameraRefused');
    return;
  }
  const video = $<HTMLVideoElement>('camera-view');
  video.srcObject = stream;
  await video.play();
  $('camera').hidden = false;
  $('capture').focus();
}

export function closeCamera(): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = undefined;
  $('camera').hidden = true;
}

/** The frame inside the 3:4 guide, as a JPEG file; the camera is closed. */
export async function capture(): Promise<File> {
  const video = $<HTMLVideoElement>('camera-view');
  const { videoWidth: vw, videoHeight: vh } = video;
  // The largest 3:4 box in the middle of the frame: what the guide shows.
  const h = Math.min(vh, (vw * 4) / 3);
  const w = (h * 3) / 4;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  canvas.getContext('2d')!.drawImage(video, (vw - w) / 2, (vh - h) / 2, w, h, 0, 0, WIDTH, HEIGHT);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no frame'))), 'image/jpeg', 0.92));
  closeCamera();
  return new File([blob], 'kamera.jpg', { type: 'image/jpeg' });
}
