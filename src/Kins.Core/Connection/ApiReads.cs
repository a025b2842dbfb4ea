namespace Kins.Core.Connection;

/// <summary>Reads that retry what is safe, answer null for 404, and explain every other failure as a Kins error.</summary>
internal static class ApiReads
{
    public static async Task<T?> GetOrNullAsync<T>(KinsConnection connection, Func<CancellationToken, Task<T>> read, object? target, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await ApiRetry.ExecuteAsync(read, RequestKind.Idempotent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (KubernetesErrors.StatusCode(error) == 404)
        {
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException and not Errors.KinsException)
        {
            throw KubernetesErrors.ToKinsException(error, connection, target);
        }
    }
}
