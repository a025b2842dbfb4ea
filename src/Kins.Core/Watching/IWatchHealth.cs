namespace Kins.Core.Watching;

/// <summary>Told by each <see cref="Informer{T}"/> whether its list and watch are working, so a waiter can notice a lost server.</summary>
internal interface IWatchHealth
{
    /// <summary>The source delivered: a list succeeded, or the watch delivered an event or bookmark, or ran its course.</summary>
    void Healthy(string source);

    /// <summary>An attempt failed and the informer backs off: <paramref name="error"/> says why.</summary>
    void Failed(string source, Exception error);
}
