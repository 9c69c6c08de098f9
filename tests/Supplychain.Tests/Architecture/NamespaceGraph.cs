using System.Reflection;
using System.Reflection.Emit;

namespace Supplychain.Tests.Architecture;

/// <summary>
/// The namespaces of the product's assemblies and which ones each uses, read from the compiled code: base types,
/// interfaces, member signatures, locals and every type, method and field token in the method bodies' IL. A
/// <c>using</c> that is never exercised is no edge; a fully qualified name is. Generic arguments count too.
/// </summary>
internal static class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Namespace → namespaces it references (only those under <paramref name="prefix"/>, self-edges left out).</summary>
    public static SortedDictionary<string, SortedSet<string>> Of(string prefix, params Assembly[] assemblies)
    {
        var edges = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            var from = type.Namespace;
            if (from is null || !from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!edges.TryGetValue(from, out var to)) edges[from] = to = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var used in ReferencedTypes(type).SelectMany(Expand))
                if (used.Namespace is { } ns && ns != from && ns.StartsWith(prefix, StringComparison.Ordinal)) to.Add(ns);
        }
        return edges;
    }

    /// <summary>The strongly connected components with more than one namespace: each is an import cycle.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(SortedDictionary<string, SortedSet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.TryGetValue(v, out var ws) ? ws : [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) cycles.Add(component.Order(StringComparer.Ordinal).ToList());
        }
        foreach (var v in edges.Keys) if (!index.ContainsKey(v)) Visit(v);
        return cycles;
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(all)) yield return f.FieldType;
        foreach (var p in type.GetProperties(all)) yield return p.PropertyType;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in method.GetParameters()) yield return p.ParameterType;
            MethodBody? body;
            try { body = method.GetMethodBody(); }
            catch (Exception) { continue; }
            if (body is null) continue;
            foreach (var local in body.LocalVariables) yield return local.LocalType;
            foreach (var t in TypesInIl(method, body.GetILAsByteArray() ?? [])) yield return t;
        }
    }

    private static IEnumerable<Type> TypesInIl(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE) value = (short)(0xFE00 | il[i++]);
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (Exception) { /* an unresolvable generic context: the signature walk covers it */ }
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
                        case MethodBase m:
                            if (m.DeclaringType is { } d) yield return d;
                            if (m is MethodInfo { IsGenericMethod: true } gm) foreach (var a in gm.GetGenericArguments()) yield return a;
                            break;
                    }
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;
            }
        }
    }

    /// <summary>A type and what it is built from: generic arguments, element types, the declaring type of a nested one.</summary>
    private static IEnumerable<Type> Expand(Type t)
    {
        if (t.IsGenericParameter) yield break;
        if (t.HasElementType) { foreach (var e in Expand(t.GetElementType()!)) yield return e; yield break; }
        yield return t;
        if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) foreach (var e in Expand(a)) yield return e;
    }
}
