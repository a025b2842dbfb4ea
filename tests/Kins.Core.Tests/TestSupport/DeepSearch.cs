using System.Reflection;

namespace Kins.Core.Tests.TestSupport;

/// <summary>
/// Walks every field (public or not) of an object graph, as a deep serializer or a debugger could, and reports
/// where a string contains a given text. Reflection metadata is skipped; everything else is followed.
/// </summary>
internal static class DeepSearch
{
    public static List<string> PathsContaining(object? root, string text)
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        if (root is not null)
        {
            pending.Push((root, root.GetType().Name));
        }
        while (pending.Count > 0 && visited.Count < 500_000)
        {
            var (value, path) = pending.Pop();
            if (value is string s)
            {
                if (s.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(path);
                }
                continue;
            }
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Pointer
                or MemberInfo or Assembly or Module or System.Runtime.InteropServices.SafeHandle || type.FullName?.Contains("RuntimeMethodInfo", StringComparison.Ordinal) == true)
            {
                continue;
            }
            if (!type.IsValueType && !visited.Add(value))
            {
                continue;
            }
            if (value is Array array)
            {
                if (!type.GetElementType()!.IsPrimitive)
                {
                    var index = 0;
                    foreach (var element in array)
                    {
                        if (element is not null)
                        {
                            pending.Push((element, $"{path}[{index}]"));
                        }
                        index++;
                    }
                }
                continue;
            }
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }
                    if (field.GetValue(value) is { } child)
                    {
                        pending.Push((child, $"{path}.{field.Name}"));
                    }
                }
            }
        }
        return found;
    }
}
