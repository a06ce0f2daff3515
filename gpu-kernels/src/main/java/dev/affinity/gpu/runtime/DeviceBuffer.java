package dev.affinity.gpu.runtime;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory owned by exactly one holder and freed deterministically by {@link #close()}
 * (never by a finalizer). All methods must run on the device's CUDA thread
 * ({@link CudaDevice#call}).
 */
public final class DeviceBuffer implements AutoCloseable {
  private final CudaDevice device;
  private final CUdeviceptr ptr;
  private final long bytes;
  private boolean freed;

  private DeviceBuffer(CudaDevice device, CUdeviceptr ptr, long bytes) {
    this.device = device;
    this.ptr = ptr;
    this.bytes = bytes;
  }

  static DeviceBuffer allocate(CudaDevice device, long bytes) {
    device.checkThread();
    CUdeviceptr p = new CUdeviceptr();
    CudaDevice.check(cuMemAlloc(p, Math.max(4, bytes)), "cuMemAlloc(" + bytes + " bytes)");
    return new DeviceBuffer(device, p, bytes);
  }

  /** A kernel argument pointing {@code byteOffset} bytes into a buffer. */
  public record Slice(DeviceBuffer buffer, long byteOffset) {
    /** Checks the offset lies inside the buffer. */
    public Slice {
      if (byteOffset < 0 || byteOffset > buffer.bytes()) {
        throw new IllegalArgumentException("offset " + byteOffset + " outside a buffer of " + buffer.bytes());
      }
    }
  }

  /** A kernel argument pointing {@code byteOffset} bytes into this buffer. */
  public Slice at(long byteOffset) {
    return new Slice(this, byteOffset);
  }

  /** The device pointer, for kernel arguments. */
  public CUdeviceptr pointer() {
    return ptr;
  }

  public long bytes() {
    return bytes;
  }

  public DeviceBuffer upload(float[] host, int count) {
    copyIn(Pointer.to(host), 4L * count);
    return this;
  }

  public DeviceBuffer upload(int[] host, int count) {
    copyIn(Pointer.to(host), 4L * count);
    return this;
  }

  public void download(float[] host, int count) {
    copyOut(Pointer.to(host), 4L * count);
  }

  public void download(int[] host, int count) {
    copyOut(Pointer.to(host), 4L * count);
  }

  private void copyIn(Pointer host, long n) {
    device.checkThread();
    check(n);
    if (n > 0) {
      CudaDevice.check(cuMemcpyHtoD(ptr, host, n), "cuMemcpyHtoD");
    }
  }

  private void copyOut(Pointer host, long n) {
    device.checkThread();
    check(n);
    if (n > 0) {
      CudaDevice.check(cuMemcpyDtoH(host, ptr, n), "cuMemcpyDtoH");
    }
  }

  private void check(long n) {
    if (freed) {
      throw new IllegalStateException("device buffer already freed");
    }
    if (n > bytes) {
      throw new IllegalArgumentException("copy of " + n + " bytes into a buffer of " + bytes);
    }
  }

  @Override
  public void close() {
    if (!freed) {
      freed = true;
      device.checkThread();
      CudaDevice.check(cuMemFree(ptr), "cuMemFree");
    }
  }
}
