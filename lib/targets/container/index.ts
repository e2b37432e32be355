/** Container targets: `container:<name>` from the locally built image, through testcontainers on podman. */
export { containerDriver, CONTAINER_DRIVERS, labLeftovers } from './container-driver.js';
export { CONTAINER_SERVERS, type ContainerServer } from './server-recipes.js';
export { ensureImage, imageRef, imageExists } from './image.js';
export { acquirePodmanService, PODMAN_SOCKET } from './podman-env.js';
