using System.Text.Json;
using Supplychain.Components.Model;

namespace Supplychain.Policies.Importers;

/// <summary>
/// What the importer reads of a resource's state (a preview step's <c>oldState</c>/<c>newState</c>, an event's
/// <c>old</c>/<c>new</c>, a state's resource), read in one pass from the engine's JSON. Each field is what
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> would find: the last of duplicate keys, and null (or
/// false) where the value has another kind than the one read.
/// </summary>
internal sealed class EngineState
{
    public string? Urn, Type, Parent, Provider;
    public bool Custom, External, Protect, RetainOnDelete, Taint, Delete;
    /// <summary>The inputs and outputs when they are objects (not a secret); outputs also null when not read.</summary>
    public MapValue? Inputs, Outputs;
    public IReadOnlyList<string>? IgnoreChanges, InitErrors;

    /// <summary>Reads the object the reader is on; its <c>outputs</c> only when <paramref name="outputs"/> (converting them is most of the cost).</summary>
    public static EngineState Read(ref Utf8JsonReader reader, StringPool pool, bool outputs)
    {
        var state = new EngineState();
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return state;
            var name = Name(ref reader);
            JsonPathStream.Next(ref reader);
            switch (name)
            {
                case Key.Urn: state.Urn = EngineStep.Text(ref reader); break;
                case Key.Type: state.Type = EngineStep.Pooled(ref reader, pool); break;
                case Key.Parent: state.Parent = EngineStep.Text(ref reader); break;
                case Key.Provider: state.Provider = EngineStep.Text(ref reader); break;
                case Key.Custom: state.Custom = EngineStep.Bool(ref reader); break;
                case Key.External: state.External = EngineStep.Bool(ref reader); break;
                case Key.Protect: state.Protect = EngineStep.Bool(ref reader); break;
                case Key.RetainOnDelete: state.RetainOnDelete = EngineStep.Bool(ref reader); break;
                case Key.Taint: state.Taint = EngineStep.Bool(ref reader); break;
                case Key.Delete: state.Delete = EngineStep.Bool(ref reader); break;
                case Key.Inputs: state.Inputs = Map(ref reader, pool); break;
                case Key.Outputs when outputs: state.Outputs = Map(ref reader, pool); break;
                case Key.IgnoreChanges: state.IgnoreChanges = EngineStep.Strings(ref reader); break;
                case Key.InitErrors: state.InitErrors = EngineStep.Strings(ref reader); break;
                default: JsonPathStream.Skip(ref reader); break;
            }
        }
    }

    private static MapValue? Map(ref Utf8JsonReader reader, StringPool pool)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return EngineValues.Read(ref reader, pool) as MapValue;
        JsonPathStream.Skip(ref reader);
        return null;
    }

    private enum Key { Other, Urn, Type, Parent, Provider, Custom, External, Protect, RetainOnDelete, Taint, Delete, Inputs, Outputs, IgnoreChanges, InitErrors }

    private static Key Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("urn"u8) ? Key.Urn
        : reader.ValueTextEquals("type"u8) ? Key.Type
        : reader.ValueTextEquals("inputs"u8) ? Key.Inputs
        : reader.ValueTextEquals("outputs"u8) ? Key.Outputs
        : reader.ValueTextEquals("custom"u8) ? Key.Custom
        : reader.ValueTextEquals("parent"u8) ? Key.Parent
        : reader.ValueTextEquals("provider"u8) ? Key.Provider
        : reader.ValueTextEquals("external"u8) ? Key.External
        : reader.ValueTextEquals("protect"u8) ? Key.Protect
        : reader.ValueTextEquals("retainOnDelete"u8) ? Key.RetainOnDelete
        : reader.ValueTextEquals("taint"u8) ? Key.Taint
        : reader.ValueTextEquals("delete"u8) ? Key.Delete
        : reader.ValueTextEquals("ignoreChanges"u8) ? Key.IgnoreChanges
        : reader.ValueTextEquals("initErrors"u8) ? Key.InitErrors
        : Key.Other;
}

/// <summary>
/// What the importer reads of an engine step (a preview's step, an event's metadata), read in one pass: field by field
/// what <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> would find (see <see cref="EngineState"/>).
/// </summary>
internal sealed class EngineStep
{
    public string? Op, Urn, Type;
    public EngineState? OldState, Old, NewState, New;
    public IReadOnlyList<string>? ReplaceReasons, Keys;

    /// <summary>The state before the step: <c>oldState</c> (a preview) or <c>old</c> (an event).</summary>
    public EngineState? Before => OldState ?? Old;

    /// <summary>The state after the step: <c>newState</c> or <c>new</c>.</summary>
    public EngineState? After => NewState ?? New;

    /// <summary>
    /// Reads the step the reader is on. A state's outputs are read unless the step's <c>op</c>, when it comes first (as
    /// the engine writes it), says they are not used: created or replaced resources are judged on their inputs.
    /// </summary>
    public static EngineStep Read(ref Utf8JsonReader reader, StringPool pool) => Read(ref reader, pool, allOutputs: false);

    private static EngineStep Read(ref Utf8JsonReader reader, StringPool pool, bool allOutputs)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonPathStream.Skip(ref reader); // a syntax error in it comes first, as when the step was parsed whole
            throw new FormatException("a step is not a JSON object");
        }
        var start = reader;
        var step = new EngineStep();
        var skipped = false; // outputs passed over on an earlier `op`
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (!skipped || !ReadsOutputs(step.Op ?? "")) return step;
                reader = start; // a later duplicate `op` wants the outputs after all
                return Read(ref reader, pool, allOutputs: true);
            }
            if (reader.ValueTextEquals("op"u8)) { JsonPathStream.Next(ref reader); step.Op = Pooled(ref reader, pool); }
            else if (reader.ValueTextEquals("urn"u8)) { JsonPathStream.Next(ref reader); step.Urn = Text(ref reader); }
            else if (reader.ValueTextEquals("type"u8)) { JsonPathStream.Next(ref reader); step.Type = Pooled(ref reader, pool); }
            else if (reader.ValueTextEquals("oldState"u8)) { JsonPathStream.Next(ref reader); step.OldState = State(ref reader, pool, allOutputs ? null : step.Op, ref skipped); }
            else if (reader.ValueTextEquals("newState"u8)) { JsonPathStream.Next(ref reader); step.NewState = State(ref reader, pool, allOutputs ? null : step.Op, ref skipped); }
            else if (reader.ValueTextEquals("old"u8)) { JsonPathStream.Next(ref reader); step.Old = State(ref reader, pool, allOutputs ? null : step.Op, ref skipped); }
            else if (reader.ValueTextEquals("new"u8)) { JsonPathStream.Next(ref reader); step.New = State(ref reader, pool, allOutputs ? null : step.Op, ref skipped); }
            else if (reader.ValueTextEquals("replaceReasons"u8)) { JsonPathStream.Next(ref reader); step.ReplaceReasons = Strings(ref reader); }
            else if (reader.ValueTextEquals("keys"u8)) { JsonPathStream.Next(ref reader); step.Keys = Strings(ref reader); }
            else { JsonPathStream.Next(ref reader); JsonPathStream.Skip(ref reader); }
        }
    }

    /// <summary>Operations whose resources are judged on deployed values (<see cref="EngineResources"/>): they read outputs.</summary>
    public static bool ReadsOutputs(string op) => op is "same" or "read" or "refresh" or "import" or "update";

    private static EngineState? State(ref Utf8JsonReader reader, StringPool pool, string? op, ref bool skipped)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var outputs = op is null || ReadsOutputs(op);
            skipped |= !outputs;
            return EngineState.Read(ref reader, pool, outputs);
        }
        JsonPathStream.Skip(ref reader);
        return null;
    }

    internal static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        JsonPathStream.Skip(ref reader);
        return null;
    }

    /// <summary><see cref="Text"/> from the pool: an operation or a type, which every step repeats.</summary>
    internal static string? Pooled(ref Utf8JsonReader reader, StringPool pool)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 256) return pool.Get(reader.ValueSpan);
        return Text(ref reader);
    }

    internal static bool Bool(ref Utf8JsonReader reader)
    {
        var value = reader.TokenType == JsonTokenType.True;
        JsonPathStream.Skip(ref reader);
        return value;
    }

    /// <summary>The strings of an array (other items left out); null when the value is not an array.</summary>
    internal static IReadOnlyList<string>? Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            JsonPathStream.Skip(ref reader);
            return null;
        }
        var list = new List<string>();
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return list;
            if (reader.TokenType == JsonTokenType.String) list.Add(reader.GetString()!);
            else JsonPathStream.Skip(ref reader);
        }
    }
}
