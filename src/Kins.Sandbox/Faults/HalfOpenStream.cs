namespace Kins.Sandbox.Faults;

/// <summary>
/// A response body that goes silent at a moment: from then on every write and flush waits until the client leaves,
/// so nothing more reaches it and the connection stays open without a FIN, as over a half-open TCP connection.
/// </summary>
internal sealed class HalfOpenStream : Stream
{
    private readonly Stream _inner;
    private readonly Task _silence;
    private readonly CancellationToken _clientGone;

    /// <param name="silence">Completes when the stream goes silent.</param>
    public HalfOpenStream(Stream inner, Task silence, CancellationToken clientGone)
    {
        _inner = inner;
        _silence = silence;
        _clientGone = clientGone;
    }

    public bool IsSilent => _silence.IsCompleted;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await HangIfSilentAsync();
        await _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await HangIfSilentAsync();
        await _inner.FlushAsync(cancellationToken);
    }

    /// <summary>Once silent, waits for the client to leave (the caller's own timeouts do not end a half-open connection).</summary>
    public async Task HangIfSilentAsync()
    {
        if (_silence.IsCompleted)
        {
            await Task.Delay(Timeout.Infinite, _clientGone);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Watch bodies are written asynchronously.");
    public override void Flush() => throw new NotSupportedException("Watch bodies are flushed asynchronously.");
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
