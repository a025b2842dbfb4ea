using System.Net.Http.Headers;
using k8s.Authentication;

namespace Kins.Core.Connection;

/// <summary>Bearer tokens from an exec plugin, re-running it only when the last token has expired.</summary>
internal sealed class ExecCredentialTokenProvider : ITokenProvider, IDisposable
{
    private readonly ExecCredentialPlugin plugin;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeProvider clock;
    private ExecCredential current;

    public ExecCredentialTokenProvider(ExecCredentialPlugin plugin, ExecCredential first, TimeProvider? clock = null)
    {
        this.plugin = plugin;
        current = first;
        this.clock = clock ?? TimeProvider.System;
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        var credential = current;
        if (!credential.IsFresh(clock.GetUtcNow()))
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!current.IsFresh(clock.GetUtcNow()))
                {
                    current = await plugin.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                credential = current;
            }
            finally
            {
                gate.Release();
            }
        }
        return new AuthenticationHeaderValue("Bearer", credential.Token);
    }

    public void Dispose() => gate.Dispose();
}
