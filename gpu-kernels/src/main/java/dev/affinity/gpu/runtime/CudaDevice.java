package dev.affinity.gpu.runtime;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CUDA context on one device, driven by one dedicated thread. Why: a driver context is current
 * per thread, and serialising every driver call through a single thread with a bounded queue makes
 * concurrent requests safe without locks, keeps the device's memory accounting simple, and turns
 * overload into a typed {@link GpuBusyException} instead of an unbounded backlog. Closing it frees
 * the context (and with it any memory a caller forgot).
 */
public final class CudaDevice implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CudaDevice.class);
  static final int QUEUE_CAPACITY = 256;
  static final long QUEUE_WAIT_SECONDS = 30;

  private final BlockingQueue<FutureTask<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private final Map<String, CUfunction> functions = new HashMap<>();
  private volatile boolean closed;
  private CUcontext context;
  private String name;
  private int multiprocessors;
  private int sharedMemoryOptIn;
  private int computeMajor;
  private int computeMinor;
  private long totalMemory;
  private int driverVersion;

  private CudaDevice(int ordinal) {
    thread = new Thread(this::loop, "affinity-cuda-" + ordinal);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Opens device {@code ordinal}: initialises the driver, creates the context, loads every PTX
   * module. Throws {@link LinkageError} when JCuda's native library or libcuda cannot be loaded,
   * and {@link GpuException} for driver failures (no device, unsupported PTX, ...).
   */
  static CudaDevice open(int ordinal) {
    CudaDevice d = new CudaDevice(ordinal);
    try {
      d.call(() -> {
        d.init(ordinal);
        return null;
      });
      return d;
    } catch (RuntimeException | Error e) {
      d.close();
      throw e;
    }
  }

  private void init(int ordinal) {
    check(cuInit(0), "cuInit");
    int[] count = {0};
    check(cuDeviceGetCount(count), "cuDeviceGetCount");
    if (count[0] <= ordinal) {
      throw new GpuException("no CUDA device " + ordinal + " (" + count[0] + " found)", CUresult.CUDA_ERROR_NO_DEVICE);
    }
    CUdevice dev = new CUdevice();
    check(cuDeviceGet(dev, ordinal), "cuDeviceGet");
    byte[] raw = new byte[256];
    check(cuDeviceGetName(raw, raw.length, dev), "cuDeviceGetName");
    int len = 0;
    while (len < raw.length && raw[len] != 0) {
      len++;
    }
    name = new String(raw, 0, len, StandardCharsets.US_ASCII);
    multiprocessors = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
    sharedMemoryOptIn = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
    computeMajor = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
    computeMinor = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    long[] mem = {0};
    check(cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
    totalMemory = mem[0];
    int[] version = {0};
    check(cuDriverGetVersion(version), "cuDriverGetVersion");
    driverVersion = version[0];
    context = new CUcontext();
    check(cuCtxCreate(context, 0, dev), "cuCtxCreate");
    for (String module : PtxResources.MODULES) {
      CUmodule m = new CUmodule();
      int r = cuModuleLoadData(m, PtxResources.load(module));
      if (r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION || r == CUresult.CUDA_ERROR_INVALID_PTX) {
        throw new GpuException("the driver (CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10
            + ") cannot load " + module + ".ptx: " + CUresult.stringFor(r)
            + "; the PTX is ISA 9.0 from nvcc 13 and needs a CUDA 13 driver (r580 or newer)", r);
      }
      check(r, "cuModuleLoadData(" + module + ")");
      for (String fn : KernelNames.of(module)) {
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, m, fn), "cuModuleGetFunction(" + fn + ")");
        functions.put(fn, f);
      }
    }
    LOG.info("CUDA device {}: {} (sm_{}{}, {} SMs, {} MiB, driver CUDA {}.{})", ordinal, name, computeMajor,
        computeMinor, multiprocessors, totalMemory >> 20, driverVersion / 1000, driverVersion % 1000 / 10);
  }

  private static int attribute(CUdevice dev, int attr) {
    int[] v = {0};
    check(cuDeviceGetAttribute(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
    return v[0];
  }

  static void check(int result, String what) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new GpuException(what + " failed: " + CUresult.stringFor(result), result);
    }
  }

  private void loop() {
    while (true) {
      FutureTask<?> task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      task.run();
      if (task instanceof Stop) {
        return;
      }
    }
  }

  /** Marker for the last task of the queue. */
  private static final class Stop extends FutureTask<Void> {
    Stop(Runnable r) {
      super(r, null);
    }
  }

  /**
   * Runs {@code work} on the CUDA thread and returns its result; waits at most
   * {@value #QUEUE_WAIT_SECONDS} s for room in the queue. Re-entrant: called from the CUDA thread
   * itself, it runs the work directly.
   */
  public <T> T call(Callable<T> work) {
    if (Thread.currentThread() == thread) {
      try {
        return work.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new GpuException("CUDA task failed", e);
      }
    }
    if (closed) {
      throw new IllegalStateException("CUDA device is closed");
    }
    FutureTask<T> task = new FutureTask<>(work);
    try {
      if (!queue.offer(task, QUEUE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new GpuBusyException("CUDA queue full (" + QUEUE_CAPACITY + " tasks) for " + QUEUE_WAIT_SECONDS + " s");
      }
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(false);
      throw new GpuException("interrupted while waiting for the CUDA thread", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new GpuException("CUDA task failed", c);
    }
  }

  void checkThread() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("CUDA calls must run on " + thread.getName() + " (use CudaDevice.call)");
    }
  }

  /** Allocates device memory (on the CUDA thread). */
  public DeviceBuffer allocate(long bytes) {
    return DeviceBuffer.allocate(this, bytes);
  }

  /**
   * Launches kernel {@code function} (on the CUDA thread). Arguments may be {@link DeviceBuffer},
   * {@link DeviceBuffer.Slice},
   * {@code null} (a null device pointer), {@link Integer}, {@link Long}, {@link Float}.
   */
  public void launch(String function, int gridX, int gridY, int block, int sharedBytes, Object... args) {
    checkThread();
    CUfunction f = functions.get(function);
    if (f == null) {
      throw new IllegalArgumentException("unknown kernel " + function);
    }
    NativePointerObject[] params = new NativePointerObject[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      params[i] = switch (a) {
        case null -> Pointer.to(new CUdeviceptr());
        case DeviceBuffer b -> Pointer.to(b.pointer());
        case DeviceBuffer.Slice s -> Pointer.to(s.buffer().pointer().withByteOffset(s.byteOffset()));
        case Integer v -> Pointer.to(new int[] {v});
        case Long v -> Pointer.to(new long[] {v});
        case Float v -> Pointer.to(new float[] {v});
        default -> throw new IllegalArgumentException("unsupported kernel argument " + a.getClass());
      };
    }
    if (sharedBytes > 48 * 1024) {
      check(cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes),
          "cuFuncSetAttribute(" + function + ", " + sharedBytes + " bytes)");
    }
    check(cuLaunchKernel(f, gridX, gridY, 1, block, 1, 1, sharedBytes, null, Pointer.to(params), null),
        "cuLaunchKernel(" + function + ")");
  }

  /** Waits for all launched work and surfaces asynchronous kernel errors (on the CUDA thread). */
  public void synchronize() {
    checkThread();
    check(cuCtxSynchronize(), "cuCtxSynchronize");
  }

  /** Free device memory in bytes right now (on the CUDA thread). */
  public long freeMemory() {
    checkThread();
    long[] free = {0};
    long[] total = {0};
    check(jcuda.driver.JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
    return free[0];
  }

  public String name() {
    return name;
  }

  public int multiprocessors() {
    return multiprocessors;
  }

  /** Largest dynamic shared memory a block may opt in to. */
  public int sharedMemoryOptIn() {
    return sharedMemoryOptIn;
  }

  public long totalMemory() {
    return totalMemory;
  }

  /** E.g. "NVIDIA H200 (sm_90, 132 SMs, 143771 MiB, driver CUDA 13.0)". */
  public String description() {
    return name + " (sm_" + computeMajor + computeMinor + ", " + multiprocessors + " SMs, " + (totalMemory >> 20)
        + " MiB, driver CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + ")";
  }

  /** Destroys the context (freeing all its memory) and stops the thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Stop stop = new Stop(() -> {
      if (context != null) {
        int r = cuCtxDestroy(context);
        if (r != CUresult.CUDA_SUCCESS) {
          LOG.warn("cuCtxDestroy failed: {}", CUresult.stringFor(r));
        }
        context = null;
      }
    });
    if (Thread.currentThread() == thread) {
      stop.run();
      return;
    }
    try {
      queue.put(stop);
      stop.get(QUEUE_WAIT_SECONDS, TimeUnit.SECONDS);
      thread.join(TimeUnit.SECONDS.toMillis(QUEUE_WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("closing the CUDA context failed", e);
    }
  }
}
