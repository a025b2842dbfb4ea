using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Kins.Sandbox.Api.Protobuf;

/// <summary>
/// Writes protobuf's wire format, proto3 style: a field holding its type's zero value is not written.
/// Nested messages are written into a writer of their own and copied in with their length.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }
    }

    public void Bool(int field, bool value)
    {
        if (value)
        {
            Tag(field, 0);
            Varint(1);
        }
    }

    /// <summary>A bool written even when false: a oneof's case is known only from the field being present.</summary>
    public void OneofBool(int field, bool value)
    {
        Tag(field, 0);
        Varint(value ? 1UL : 0UL);
    }

    public void Int64(int field, long value)
    {
        if (value != 0)
        {
            Tag(field, 0);
            Varint(unchecked((ulong)value));
        }
    }

    public void Double(int field, double value)
    {
        if (value != 0)
        {
            Tag(field, 1);
            BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
            _buffer.Advance(8);
        }
    }

    /// <summary>A nested message; written even when empty, as a set message field is in proto3.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        Bytes(field, nested.Written);
    }

    private void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
