using System.Net.Http.Headers;
using k8s.Authentication;

namespace Kins.Core.Connection;

/// <summary>Bearer tokens from an exec plugin, re-running it only when the last token has expired.</summary>
internal sealed class ExecCredentialTokenProvider : ITokenProvider, IDisposable
{
    private readonly ExecCredentialPlugin _plugin;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _clock;
    private ExecCredential _current;

    public ExecCredentialTokenProvider(ExecCredentialPlugin plugin, ExecCredential first, TimeProvider? clock = null)
    {
        _plugin = plugin;
        _current = first;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        var credential = _current;
        if (!credential.IsFresh(_clock.GetUtcNow()))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_current.IsFresh(_clock.GetUtcNow()))
                {
                    _current = await _plugin.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                credential = _current;
            }
            finally
            {
                _gate.Release();
            }
        }
        return new AuthenticationHeaderValue("Bearer", credential.Token);
    }

    public void Dispose() => _gate.Dispose();
}
