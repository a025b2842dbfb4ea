using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Protobuf;

/// <summary>Reads protobuf's wire format: tags, varints and length-delimited fields; skips what the caller does not want.</summary>
internal sealed class ProtoReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlyMemory<byte> data) => _data = data;

    public bool More => _position < _data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw Malformed("a varint is too long");
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Malformed("a field runs past the end");
        }
        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes().Span);

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw Malformed($"wire type {wireType} is not supported");
        }
    }

    /// <summary>A map entry (key 1, value 2) of a <c>map&lt;string, string|bytes&gt;</c>.</summary>
    public (string Key, ReadOnlyMemory<byte> Value) ReadMapEntry()
    {
        var entry = new ProtoReader(ReadBytes());
        var key = string.Empty;
        ReadOnlyMemory<byte> value = default;
        while (entry.More)
        {
            var (field, wire) = entry.ReadTag();
            if (field == 1 && wire == 2) { key = entry.ReadString(); }
            else if (field == 2 && wire == 2) { value = entry.ReadBytes(); }
            else { entry.Skip(wire); }
        }
        return (key, value);
    }

    private byte Next() => _position < _data.Length ? _data.Span[_position++] : throw Malformed("the message ends early");

    private void Advance(int count)
    {
        if (_position + count > _data.Length)
        {
            throw Malformed("the message ends early");
        }
        _position += count;
    }

    private static ApiException Malformed(string why) => ApiException.BadRequest($"the object provided is unrecognized: protobuf: {why}");
}
