namespace Kins.Core;

/// <summary>Session-wide resources (cached clients, sandboxes) that the module releases when it is removed.</summary>
public static class KinsSession
{
    private static readonly List<Action> ReleaseActions = [];

    /// <summary>Registers something to release when the module is removed (e.g. the connection cache).</summary>
    public static void OnRelease(Action release)
    {
        lock (ReleaseActions)
        {
            ReleaseActions.Add(release);
        }
    }

    public static void Release()
    {
        Action[] actions;
        lock (ReleaseActions)
        {
            actions = [.. ReleaseActions];
            ReleaseActions.Clear();
        }
        foreach (var action in actions)
        {
            action();
        }
    }
}
