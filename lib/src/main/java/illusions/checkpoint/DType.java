package illusions.checkpoint;

import java.nio.ByteBuffer;

/** Element types of torch storages and safetensors tensors, and how to read them as float32. */
public enum DType {
    FLOAT32(4, true), FLOAT64(8, true), FLOAT16(2, true), BFLOAT16(2, true),
    INT64(8, false), INT32(4, false), INT16(2, false), INT8(1, false), UINT8(1, false), BOOL(1, false);

    public final int size;
    public final boolean floating;

    DType(int size, boolean floating) {
        this.size = size;
        this.floating = floating;
    }

    /** The dtype of a torch storage class name such as {@code FloatStorage}, or null. */
    public static DType ofTorchStorage(String className) {
        return switch (className) {
            case "FloatStorage" -> FLOAT32;
            case "DoubleStorage" -> FLOAT64;
            case "HalfStorage" -> FLOAT16;
            case "BFloat16Storage" -> BFLOAT16;
            case "LongStorage" -> INT64;
            case "IntStorage" -> INT32;
            case "ShortStorage" -> INT16;
            case "CharStorage" -> INT8;
            case "ByteStorage" -> UINT8;
            case "BoolStorage" -> BOOL;
            default -> null;
        };
    }

    /** The dtype of a safetensors dtype string such as {@code F32}, or null. */
    public static DType ofSafetensors(String name) {
        return switch (name) {
            case "F32" -> FLOAT32;
            case "F64" -> FLOAT64;
            case "F16" -> FLOAT16;
            case "BF16" -> BFLOAT16;
            case "I64" -> INT64;
            case "I32" -> INT32;
            case "I16" -> INT16;
            case "I8" -> INT8;
            case "U8" -> UINT8;
            case "BOOL" -> BOOL;
            default -> null;
        };
    }

    /** Element {@code index} of {@code b} (byte order already set) as a float. */
    public float read(ByteBuffer b, long index) {
        int p = Math.toIntExact(index * size);
        return switch (this) {
            case FLOAT32 -> b.getFloat(p);
            case FLOAT64 -> (float) b.getDouble(p);
            case FLOAT16 -> halfToFloat(b.getShort(p));
            case BFLOAT16 -> Float.intBitsToFloat((b.getShort(p) & 0xffff) << 16);
            case INT64 -> (float) b.getLong(p);
            case INT32 -> (float) b.getInt(p);
            case INT16 -> (float) b.getShort(p);
            case INT8 -> (float) b.get(p);
            case UINT8 -> (float) (b.get(p) & 0xff);
            case BOOL -> b.get(p) != 0 ? 1f : 0f;
        };
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
